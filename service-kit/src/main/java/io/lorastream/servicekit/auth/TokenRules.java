package io.lorastream.servicekit.auth;

/**
 * What differs between the services' admin tokens.
 *
 * @param service       the service's short name, for the generated file's comment (e.g. {@code trainer})
 * @param configKey     the config key the tokens come from, for error messages and the file's comment
 * @param minTokenChars shortest accepted configured token; 1 accepts any non-blank one
 */
public record TokenRules(String service, String configKey, int minTokenChars) {

    public TokenRules {
        if (minTokenChars < 1) {
            throw new IllegalArgumentException("minTokenChars must be at least 1, was " + minTokenChars);
        }
    }
}
