package io.lorastream.servicekit.auth;

/**
 * What differs between the services' bearer tokens.
 *
 * @param service       the service's short name, for the generated file's comment (e.g. {@code trainer})
 * @param configKey     the config key the tokens come from, for error messages and the file's comment
 * @param minTokenChars shortest accepted configured token; 1 accepts any non-blank one
 * @param kind          what the token lets a caller do, in messages and the generated file's key
 *                      ({@code admin}: {@code admin-token=}; {@code producer}: {@code producer-token=})
 */
public record TokenRules(String service, String configKey, int minTokenChars, String kind) {

    public TokenRules {
        if (minTokenChars < 1) {
            throw new IllegalArgumentException("minTokenChars must be at least 1, was " + minTokenChars);
        }
        if (kind == null || !kind.matches("[a-z]+")) {
            throw new IllegalArgumentException("kind must be a lower-case word, was " + kind);
        }
    }

    /** Rules for admin tokens (the file key {@link AdminTokens#FILE_KEY}). */
    public TokenRules(String service, String configKey, int minTokenChars) {
        this(service, configKey, minTokenChars, "admin");
    }

    /** The property holding the generated token in the token file. */
    public String fileKey() {
        return kind + "-token";
    }
}
