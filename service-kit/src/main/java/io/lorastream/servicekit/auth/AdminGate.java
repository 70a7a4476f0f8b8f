package io.lorastream.servicekit.auth;

import java.util.Objects;

/**
 * Decides whether a request may use a service's admin API from its {@code Authorization} header. A
 * service's request filter turns a refusal into its own response (status, realm, error body).
 */
public final class AdminGate {

    private static final String BEARER = "Bearer ";

    /** The outcome for one request. */
    public enum Verdict {
        /** Auth is off, or the header carries an admin token. */
        ALLOWED,
        /** No {@code Authorization} header (or a blank one). */
        MISSING_TOKEN,
        /** A header that is not {@code Bearer <admin token>}. */
        INVALID_TOKEN
    }

    private final AdminTokens tokens;

    private AdminGate(AdminTokens tokens) {
        this.tokens = tokens;
    }

    /** A gate that asks for one of {@code tokens}. */
    public static AdminGate requiring(AdminTokens tokens) {
        return new AdminGate(Objects.requireNonNull(tokens, "tokens"));
    }

    /** A gate that lets every request through (auth switched off). */
    public static AdminGate open() {
        return new AdminGate(null);
    }

    /** False when auth is switched off. */
    public boolean enabled() {
        return tokens != null;
    }

    /** True when auth is off or {@code token} is an admin token. */
    public boolean accepts(String token) {
        return tokens == null || tokens.accepts(token);
    }

    /**
     * Why a request is refused, for a service's filter to answer with status 401, the body's {@code rule} and
     * {@code error} (field {@code Authorization}) and the {@code WWW-Authenticate} challenge. 401 for a missing and a
     * wrong token alike (RFC 6750: both are "not authenticated"; 403 would say a known caller lacks a right). Never
     * holds the presented token.
     */
    public record Refusal(String rule, String message, String challenge) {
        /** The HTTP status of every refusal. */
        public static final int STATUS = 401;
    }

    /**
     * The refusal for a request with this {@code Authorization} header, empty when it may pass.
     *
     * @param realm the challenge's realm, e.g. {@code lorastream-ingest}
     * @param kind  what the token is called in messages, e.g. {@code admin} or {@code producer}
     */
    public java.util.Optional<Refusal> refusal(String authorizationHeader, String realm, String kind) {
        String challenge = "Bearer realm=\"" + realm + "\"";
        return switch (check(authorizationHeader)) {
            case ALLOWED -> java.util.Optional.empty();
            case MISSING_TOKEN -> java.util.Optional.of(new Refusal("missing_token",
                    "this endpoint changes state and needs " + article(kind) + " token: Authorization: Bearer <token>", challenge));
            case INVALID_TOKEN -> java.util.Optional.of(new Refusal("invalid_token",
                    "the Authorization header does not carry " + article(kind) + " bearer token",
                    challenge + ", error=\"invalid_token\""));
        };
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    /** The verdict for a request with this {@code Authorization} header (null when absent). */
    public Verdict check(String authorizationHeader) {
        if (tokens == null) {
            return Verdict.ALLOWED;
        }
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Verdict.MISSING_TOKEN;
        }
        // The scheme is case-insensitive (RFC 7235); the token is not.
        boolean bearer = authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length());
        return bearer && tokens.accepts(authorizationHeader.substring(BEARER.length()).trim())
                ? Verdict.ALLOWED : Verdict.INVALID_TOKEN;
    }
}
