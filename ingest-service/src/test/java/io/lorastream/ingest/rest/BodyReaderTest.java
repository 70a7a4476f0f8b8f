package io.lorastream.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.ingest.domain.BodyRejectedException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both ways a body arrives: buffered by the framework already, or streamed. */
class BodyReaderTest {

    private static final int LIMIT = 40_000;

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** A stream that is not a ByteArrayInputStream, as a streamed body is. */
    private static InputStream streamed(byte[] bytes) {
        return new BufferedInputStream(new ByteArrayInputStream(bytes), 1000);
    }

    @Test
    void aBodyUpToTheLimitIsReadWholeEitherWay() throws Exception {
        BodyReader reader = new BodyReader(LIMIT);
        for (int length : new int[] {0, 1, 16_383, 16_384, 16_385, LIMIT}) {
            byte[] body = bytes(length);
            assertThat(reader.read(new ByteArrayInputStream(body))).as("buffered, %d bytes", length).isEqualTo(body);
            assertThat(reader.read(streamed(body))).as("streamed, %d bytes", length).isEqualTo(body);
        }
        assertThat(reader.read(null)).isEmpty();
    }

    @Test
    void aBodyOneByteOverTheLimitIs413EitherWay() {
        BodyReader reader = new BodyReader(LIMIT);
        byte[] body = bytes(LIMIT + 1);
        for (InputStream in : new InputStream[] {new ByteArrayInputStream(body), streamed(body)}) {
            assertThatThrownBy(() -> reader.read(in))
                    .isInstanceOfSatisfying(BodyRejectedException.class, e -> {
                        assertThat(e.status()).isEqualTo(413);
                        assertThat(e.rule()).isEqualTo("body_too_large");
                        assertThat(e.getMessage()).contains("lorastream.ingest.limits.max-body-bytes");
                    });
        }
    }
}
