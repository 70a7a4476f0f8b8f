package io.lorastream.evaluator.domain;

/** A task's golden set exists but cannot be used as it is; the message names the line and the rule. */
public final class GoldenSetException extends RuntimeException {

    public GoldenSetException(String message) {
        super(message);
    }
}
