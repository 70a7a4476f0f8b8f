package io.lorastream.registry.auth;

/**
 * Who made a request: the configured name of the token presented, and its role.
 *
 * @param name the token's name (never the token)
 * @param role what it may do
 */
public record Caller(String name, Role role) {

    /** The caller when auth is switched off. */
    public static final Caller ANONYMOUS_ADMIN = new Caller("anonymous (auth disabled)", Role.ADMIN);
}
