package io.lorastream.ingest.domain;

/**
 * A request body refused as a whole (not row by row), with the HTTP status that says why.
 */
public final class BodyRejectedException extends RuntimeException {

    private final int status;
    private final String field;
    private final String rule;

    public BodyRejectedException(int status, String field, String rule, String message) {
        super(message);
        this.status = status;
        this.field = field;
        this.rule = rule;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
