package io.lorastream.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The content hash of an example: SHA-256 of its normalized text (Unicode NFKC, lower case,
 * whitespace runs folded to one space, trimmed). It is the dedup key and the split key, so
 * texts that differ only in case or spacing count as one example and always land on the same side.
 */
public final class ContentHasher {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private ContentHasher() {
    }

    /** The normalized form the hash is taken over. */
    public static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(folded).replaceAll(" ").trim();
    }

    /** The 32-byte SHA-256 of the normalized text. */
    public static byte[] hash(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(normalize(text).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Lower-case hex of a hash. */
    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
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
