package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The strict UTF-8 check against the JDK's decoder (which is strict too), ASCII runs of every length included. */
class Utf8Test {

    /** Where the JDK's decoder, reporting errors, stops: the first malformed byte, or -1. */
    private static long firstInvalidByJdk(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            decoder.decode(in);
            return -1;
        } catch (CharacterCodingException e) {
            // decode(ByteBuffer) leaves the buffer at the start of the malformed sequence.
            return in.position();
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnMixedValidAndInvalidSequences() {
        byte[][] pieces = {
            "a".getBytes(StandardCharsets.UTF_8), "plain ascii text".getBytes(StandardCharsets.UTF_8),
            "\u00e9".getBytes(StandardCharsets.UTF_8), "\u20ac".getBytes(StandardCharsets.UTF_8),
            "\ud83d\ude00".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xc0, (byte) 0x80}, {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xff}, {(byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
        };
        Random random = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[0];
            int count = random.nextInt(8);
            for (int i = 0; i < count; i++) {
                // Mostly valid pieces, so invalid ones land at every offset of the word-at-a-time scan.
                byte[] piece = pieces[random.nextInt(10) < 8 ? random.nextInt(5) : random.nextInt(pieces.length)];
                int at = bytes.length;
                bytes = Arrays.copyOf(bytes, at + piece.length);
                System.arraycopy(piece, 0, bytes, at, piece.length);
            }
            assertThat(Utf8.firstInvalidByte(bytes, 0, bytes.length)).as(Arrays.toString(bytes))
                    .isEqualTo(firstInvalidByJdk(bytes));
        }
    }

    @Test
    void anInvalidByteAfterAnAsciiRunOfAnyLengthIsFoundAtItsOffset() {
        for (int run = 0; run < 40; run++) {
            byte[] bytes = new byte[run + 3];
            Arrays.fill(bytes, (byte) 'x');
            bytes[run] = (byte) 0xff;
            assertThat(Utf8.firstInvalidByte(bytes, 0, bytes.length)).isEqualTo(run);
            assertThat(Utf8.firstInvalidByte(bytes, 0, run)).isEqualTo(-1);
        }
    }
}
