package io.lorastream.ingest.rest;

import io.lorastream.ingest.domain.BodyRejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a byte limit, refusing a larger one with 413 before it is all buffered. */
final class BodyReader {

    private final long maxBytes;

    BodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    byte[] read(InputStream body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof ByteArrayInputStream buffered) {
            // The framework has read the whole body into memory already (a body up to
            // quarkus.rest.input-buffer-size): one copy out of it, where the loop below copies it
            // three to four times over (a batch of 100 rows is ~25 KB).
            if (buffered.available() > maxBytes) {
                throw tooLarge();
            }
            return buffered.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16384];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private BodyRejectedException tooLarge() {
        return new BodyRejectedException(413, "(body)", "body_too_large",
                "the body is larger than " + maxBytes + " bytes (lorastream.ingest.limits.max-body-bytes); "
                        + "send smaller batches");
    }
}
