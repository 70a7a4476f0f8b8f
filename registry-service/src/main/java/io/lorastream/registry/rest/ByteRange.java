package io.lorastream.registry.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from a {@code Range: bytes=...} header: {@code a-b}, {@code a-} or
 * {@code -n} (the last n bytes). Several ranges in one header are not served as multipart: the
 * whole file is sent instead, which HTTP allows.
 *
 * @param offset first byte
 * @param length bytes from it
 */
record ByteRange(long offset, long length) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    /** The last byte, inclusive. */
    long last() {
        return offset + length - 1;
    }

    /** {@code bytes a-b/size}. */
    String contentRange(long size) {
        return "bytes " + offset + "-" + last() + "/" + size;
    }

    /**
     * The range asked for, or null for the whole file (no header, several ranges, or a header that is
     * not a byte range at all, all of which HTTP says to answer with the whole file).
     *
     * @throws ApiException 416 when the range lies outside the file
     */
    static ByteRange parse(String header, long size) {
        if (header == null || header.contains(",")) {
            return null;
        }
        Matcher matcher = SINGLE.matcher(header.strip());
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return null;
        }
        try {
            if (matcher.group(1).isEmpty()) {
                long suffix = Long.parseLong(matcher.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                long length = Math.min(suffix, size);
                return new ByteRange(size - length, length);
            }
            long first = Long.parseLong(matcher.group(1));
            long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
            if (first >= size || last < first) {
                throw unsatisfiable(header, size);
            }
            return new ByteRange(first, last - first + 1);
        } catch (NumberFormatException tooLarge) {
            throw unsatisfiable(header, size);
        }
    }

    private static ApiException unsatisfiable(String header, long size) {
        return new ApiException(416, "Range", "range_not_satisfiable", "range " + PathParams.shown(header)
                + " lies outside the file of " + size + " bytes", java.util.Map.of("Content-Range", "bytes */" + size));
    }
}
