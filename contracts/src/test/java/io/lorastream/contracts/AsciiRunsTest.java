package io.lorastream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scans against byte-at-a-time definitions: every byte value at every offset of a word. */
class AsciiRunsTest {

    private static int asciiRunEndByDefinition(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] & 0xff) < 0x80) {
            i++;
        }
        return i;
    }

    /** What lowerCaseIfSingleSpaced promises, one byte at a time: null when the text does not qualify. */
    private static byte[] lowerCasedIfSingleSpacedByDefinition(byte[] bytes) {
        byte[] lowered = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int u = bytes[i] & 0xff;
            boolean space = u == ' ';
            if (u < 0x20 || u >= 0x80 || (space && (i == 0 || i == bytes.length - 1 || bytes[i - 1] == ' '))) {
                return null;
            }
            lowered[i] = (byte) (u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u);
        }
        return lowered;
    }

    private static void assertLowerCasedAsByDefinition(byte[] bytes, String description) {
        byte[] expected = lowerCasedIfSingleSpacedByDefinition(bytes);
        byte[] actual = bytes.clone();
        assertThat(AsciiRuns.lowerCaseIfSingleSpaced(actual)).as(description).isEqualTo(expected != null);
        if (expected != null) {
            assertThat(actual).as(description).isEqualTo(expected);
        }
    }

    @Test
    void singleSpacedTextIsLowerCasedAndAnythingElseIsRefusedAsOneByteAtATimeWould() {
        // Every byte value at every position of every length around two words; then a space beside
        // every position, so that a double space straddling two words is met at each offset.
        for (int length = 0; length <= 26; length++) {
            byte[] plain = new byte[length];
            for (int i = 0; i < length; i++) {
                plain[i] = (byte) ("Hello World, MiXeD @[`{ Z".charAt(i % 25));
            }
            for (int position = 0; position < length; position++) {
                for (int value = 0; value < 256; value++) {
                    byte[] bytes = plain.clone();
                    bytes[position] = (byte) value;
                    assertLowerCasedAsByDefinition(bytes, String.format("byte 0x%02x at %d of %d", value, position, length));
                    if (position + 1 < length) {
                        bytes[position + 1] = ' ';
                        assertLowerCasedAsByDefinition(bytes,
                                String.format("byte 0x%02x at %d of %d, space after", value, position, length));
                    }
                }
            }
        }
    }

    @Test
    void randomWordsAndSpacesAreLowerCasedAsOneByteAtATimeWould() {
        byte[] values = {' ', ' ', ' ', 'A', 'Z', 'a', 'z', '@', '[', '`', '{', 0x1f, 0x7f, (byte) 0x80, (byte) 0xc1, 'M', 'q'};
        Random random = new Random(11);
        for (int n = 0; n < 50_000; n++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = values[random.nextInt(values.length)];
            }
            assertLowerCasedAsByDefinition(bytes, Arrays.toString(bytes));
        }
    }

    @Test
    void everyByteValueAtEveryPositionOfPlainTextIsJudgedAsOneByteAtATimeWould() {
        for (int length = 0; length <= 26; length++) {
            byte[] plain = new byte[length];
            Arrays.fill(plain, (byte) 'a');
            assertThat(AsciiRuns.asciiRunEnd(plain, 0, length)).isEqualTo(length);
            for (int position = 0; position < length; position++) {
                for (int value = 0; value < 256; value++) {
                    byte[] bytes = plain.clone();
                    bytes[position] = (byte) value;
                    for (int from = 0; from <= Math.min(length, 9); from++) {
                        assertThat(AsciiRuns.asciiRunEnd(bytes, from, length))
                                .as("byte 0x%02x at %d of %d, from %d", value, position, length, from)
                                .isEqualTo(asciiRunEndByDefinition(bytes, from, length));
                    }
                }
            }
        }
    }

    @Test
    void randomBytesNearTheBoundariesAreJudgedAsOneByteAtATimeWould() {
        // Values next to each boundary, mixed in one word: borrows between bytes must not hide a hit.
        byte[] values = {0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7e, 0x7f,
                (byte) 0x80, (byte) 0x81, (byte) 0xa2, (byte) 0xdc, (byte) 0xff, 'a', 'a', 'a', 'a', 'a'};
        Random random = new Random(7);
        for (int n = 0; n < 50_000; n++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = values[random.nextInt(values.length)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertThat(AsciiRuns.asciiRunEnd(bytes, from, bytes.length)).as(Arrays.toString(bytes))
                    .isEqualTo(asciiRunEndByDefinition(bytes, from, bytes.length));
        }
    }
}
