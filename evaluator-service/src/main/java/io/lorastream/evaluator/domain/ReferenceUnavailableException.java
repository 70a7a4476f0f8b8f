package io.lorastream.evaluator.domain;

/** The champion cannot be loaded (its files are gone or corrupt): no candidate can be judged against it. */
public final class ReferenceUnavailableException extends RuntimeException {

    public ReferenceUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
