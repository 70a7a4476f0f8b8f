package io.lorastream.evaluator.domain;

import java.time.Duration;

/**
 * How failed steps are retried: transient ones (store or broker unreachable) until they succeed, with an
 * exponential back-off; unexpected ones up to {@code maxAttempts} times, after which the candidate is rejected.
 *
 * @param initialBackoff the first pause
 * @param maxBackoff the longest pause
 * @param maxAttempts attempts at judging a candidate that fails with an unexpected error
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

    public RetryPolicy {
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max (was " + initialBackoff + ", "
                    + maxBackoff + ")");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The pause after {@code failures} consecutive failures (1 = the first). */
    public Duration backoff(int failures) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < failures && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
