package io.lorastream.registry.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a small JSON request body up to a byte limit, refusing a larger one with 413 before it is all buffered. */
final class BodyReader {

    private BodyReader() {
    }

    static byte[] read(InputStream body, int maxBytes) throws IOException {
        if (body == null) {
            throw empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new ApiException(413, "(body)", "body_too_large", "the body is larger than " + maxBytes
                        + " bytes (lorastream.registry.limits.max-body-bytes)");
            }
            out.write(buffer, 0, n);
        }
        if (out.size() == 0) {
            throw empty();
        }
        return out.toByteArray();
    }

    private static ApiException empty() {
        return new ApiException(400, "(body)", "empty_body", "the request needs a JSON body");
    }
}
