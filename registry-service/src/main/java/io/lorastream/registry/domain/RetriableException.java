package io.lorastream.registry.domain;

/** A step failed for a reason that can pass (Kafka or S3 unreachable, a view behind): doing it again later can succeed. */
public class RetriableException extends RuntimeException {

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
