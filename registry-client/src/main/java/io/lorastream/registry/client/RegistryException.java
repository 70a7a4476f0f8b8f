package io.lorastream.registry.client;

import java.io.IOException;

/**
 * The registry answered with an error. {@link #status()}, {@link #field()} and {@link #rule()} come
 * from its JSON error body; {@link #isRetriable()} says whether asking again later can help.
 */
public final class RegistryException extends IOException {

    private final int status;
    private final String field;
    private final String rule;

    /** An error answer: HTTP {@code status}, and the {@code field}, {@code rule} and message of its JSON body. */
    public RegistryException(int status, String field, String rule, String message) {
        super("registry answered " + status + (rule == null ? "" : " (" + rule + ")") + ": " + message);
        this.status = status;
        this.field = field;
        this.rule = rule;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The request part the registry objected to, or null. */
    public String field() {
        return field;
    }

    /** The rule's code, e.g. {@code invalid_token}, or null. */
    public String rule() {
        return rule;
    }

    /** True for overload and server-side failures (429, 5xx); false for a request the registry will always refuse. */
    public boolean isRetriable() {
        return status == 429 || status >= 500;
    }
}
