package io.lorastream.ingest.domain;

import io.lorastream.contracts.AsciiRuns;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
 * Jackson would quietly replace bad bytes, so bodies are checked before parsing.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Offset of the first byte that is not valid UTF-8 in {@code bytes[from, to)}, or -1 when all are valid. */
    public static long firstInvalidByte(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i = AsciiRuns.asciiRunEnd(bytes, i + 1, to);
                continue;
            }
            int length;
            int min;
            int codePoint;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
                codePoint = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                min = 0x800;
                codePoint = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                min = 0x10000;
                codePoint = b & 0x07;
            } else {
                return i;
            }
            if (i + length > to) {
                return i;
            }
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    return i;
                }
                codePoint = (codePoint << 6) | (next & 0x3f);
            }
            if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                return i;
            }
            i += length;
        }
        return -1;
    }
}
