package io.lorastream.registry.rest;

import java.util.Map;

/** A request the registry answers with an error status and an {@link ErrorBody} naming the field and the rule. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String field;
    private final String rule;
    private final Map<String, String> headers;

    public ApiException(int status, String field, String rule, String message) {
        this(status, field, rule, message, Map.of());
    }

    public ApiException(int status, String field, String rule, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.field = field;
        this.rule = rule;
        this.headers = Map.copyOf(headers);
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

    public Map<String, String> headers() {
        return headers;
    }

    public ErrorBody body() {
        return new ErrorBody(getMessage(), field, rule);
    }
}
