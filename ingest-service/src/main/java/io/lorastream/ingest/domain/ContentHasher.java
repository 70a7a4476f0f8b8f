package io.lorastream.ingest.domain;

import io.lorastream.contracts.AsciiRuns;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The content hash of an example: SHA-256 of its normalized text (Unicode NFKC, lower case,
 * whitespace runs folded to one space, trimmed). It is the dedup key and the split key, so
 * texts that differ only in case or spacing count as one example and always land on the same side.
 */
public final class ContentHasher {

    /** MessageDigest instances are not thread-safe and costly to look up: one per thread. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    /**
     * Each ASCII character as the normalized text holds it: lower case, and {@link #FOLDS_TO_SPACE}
     * for the characters {@code \\s} matches (space, \\t, \\n, \\x0B, \\f, \\r).
     */
    private static final byte[] ASCII_FOLDED = new byte[0x80];
    private static final byte FOLDS_TO_SPACE = -1;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int c = 0; c < 0x80; c++) {
            ASCII_FOLDED[c] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        for (char space : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
            ASCII_FOLDED[space] = FOLDS_TO_SPACE;
        }
    }

    private ContentHasher() {
    }

    /** The normalized form the hash is taken over. */
    public static String normalize(String text) {
        // ASCII is NFKC-invariant: skip the Unicode pass for it (most feedback text is ASCII).
        String nfkc = isAscii(text) || Normalizer.isNormalized(text, Normalizer.Form.NFKC)
                ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        String folded = nfkc.toLowerCase(Locale.ROOT);
        // Folds runs of the characters \\s matches (space, \\t, \\n, \\x0B, \\f, \\r) into one space and
        // trims, in one pass: the regex this replaces was the hottest spot of ingest under load.
        StringBuilder out = new StringBuilder(folded.length());
        boolean pendingSpace = false;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The 32-byte SHA-256 of the normalized text. */
    public static byte[] hash(String text) {
        byte[] folded = foldAscii(text);
        return SHA256.get().digest(folded != null ? folded : normalize(text).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@link #normalize} of an ASCII text as its bytes (lower case, whitespace runs folded, trimmed), with
     * no intermediate strings, or null when the text is not ASCII.
     */
    private static byte[] foldAscii(String text) {
        // String.getBytes is an intrinsic for a Latin-1 string; as many bytes as chars means ASCII.
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != text.length()) {
            return null;
        }
        // Most texts are single-spaced: then lower-casing, eight bytes a step, is all there is to do
        // (the byte loop below was a twentieth of the service's CPU under load).
        if (AsciiRuns.lowerCaseIfSingleSpaced(bytes)) {
            return bytes;
        }
        int length = 0;
        boolean pendingSpace = false;
        for (byte b : bytes) {
            byte folded = ASCII_FOLDED[b];
            if (folded == FOLDS_TO_SPACE) {
                pendingSpace = length > 0;
            } else {
                if (pendingSpace) {
                    bytes[length++] = ' ';
                    pendingSpace = false;
                }
                // In place: what is written never overtakes what is still to be read.
                bytes[length++] = folded;
            }
        }
        return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
    }

    /** Lower-case hex of a hash. */
    public static String hex(byte[] hash) {
        byte[] digits = new byte[hash.length * 2];
        for (int i = 0; i < hash.length; i++) {
            digits[2 * i] = HEX_DIGITS[(hash[i] >> 4) & 0xf];
            digits[2 * i + 1] = HEX_DIGITS[hash[i] & 0xf];
        }
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    /** The first 8 bytes of a hash as a long: the dedup key held in memory. */
    public static long dedupKey(byte[] hash) {
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = (key << 8) | (hash[i] & 0xffL);
        }
        return key;
    }

    /** The dedup key of a hex hash as written in {@code Example.contentHash}. */
    public static long dedupKey(String hexHash) {
        return dedupKey(HexFormat.of().parseHex(hexHash.substring(0, 16)));
    }
}
