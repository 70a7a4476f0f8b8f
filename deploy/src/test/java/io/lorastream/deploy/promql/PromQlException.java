package io.lorastream.deploy.promql;

/** A PromQL expression that does not parse, does not type-check, or names a metric or label that does not exist. */
public final class PromQlException extends RuntimeException {

    public PromQlException(String message) {
        super(message);
    }
}
