package io.lorastream.evaluator.domain;

/**
 * Something the evaluation needs is unreachable for now (S3 or Kafka down, timed out): the candidate is
 * evaluated again later, never rejected for it.
 */
public final class TransientException extends RuntimeException {

    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
