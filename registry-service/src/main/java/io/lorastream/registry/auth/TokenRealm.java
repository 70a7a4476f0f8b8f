package io.lorastream.registry.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured bearer tokens and the roles they carry. A presented token is compared with every
 * configured one in constant time ({@link MessageDigest#isEqual} over SHA-256 digests, so neither
 * the length nor the first differing byte of a secret shows in the timing) and without stopping at
 * the first match. The tokens themselves are kept only as digests and never printed.
 */
public final class TokenRealm {

    /** Shortest accepted token: guessing one must be hopeless. */
    public static final int MIN_TOKEN_CHARS = 16;

    private record Entry(String name, Role role, byte[] digest) {
    }

    private final List<Entry> entries;

    private TokenRealm(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Builds the realm from configured specs, each {@code token} or {@code name:token}; unnamed
     * tokens are called {@code read-1}, {@code admin-2} and so on.
     *
     * @throws IllegalArgumentException naming the config key when a token is too short, blank or given twice
     */
    public static TokenRealm of(List<String> readSpecs, List<String> adminSpecs) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        add(entries, seen, readSpecs, Role.READ, "lorastream.registry.auth.read-tokens");
        add(entries, seen, adminSpecs, Role.ADMIN, "lorastream.registry.auth.admin-tokens");
        return new TokenRealm(entries);
    }

    private static void add(List<Entry> entries, Set<String> seen, List<String> specs, Role role, String key) {
        int index = 0;
        for (String spec : specs) {
            index++;
            String trimmed = spec == null ? "" : spec.strip();
            int colon = trimmed.indexOf(':');
            String name = colon > 0 ? trimmed.substring(0, colon) : role.name().toLowerCase() + "-" + index;
            String token = colon > 0 ? trimmed.substring(colon + 1) : trimmed;
            if (token.length() < MIN_TOKEN_CHARS) {
                throw new IllegalArgumentException(key + " entry " + index + " ('" + name + "') is shorter than "
                        + MIN_TOKEN_CHARS + " characters; use long random tokens");
            }
            if (!seen.add(token)) {
                throw new IllegalArgumentException(key + " entry " + index + " ('" + name
                        + "') repeats a token given before; every token must be distinct");
            }
            entries.add(new Entry(name, role, digest(token)));
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The caller the token belongs to, or empty when it matches none. */
    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        Entry match = null;
        for (Entry entry : entries) {
            // No early exit: the time taken does not depend on which entry (if any) matches.
            if (MessageDigest.isEqual(entry.digest(), digest) && match == null) {
                match = entry;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.name(), match.role()));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Counts only; never the tokens. */
    @Override
    public String toString() {
        long admins = entries.stream().filter(e -> e.role() == Role.ADMIN).count();
        return "TokenRealm[read=" + (entries.size() - admins) + ", admin=" + admins + "]";
    }
}
