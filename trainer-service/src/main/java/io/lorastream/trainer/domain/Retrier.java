package io.lorastream.trainer.domain;

import io.lorastream.lora.train.CancellationToken;
import io.lorastream.lora.train.TrainingCancelledException;
import io.lorastream.store.ObjectStoreException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a step that talks to S3 or Kafka until it succeeds: a failure that a retry can fix (the
 * server is away) waits with exponential back-off and tries again, for as long as it takes, because
 * giving up would either lose the window or commit offsets of examples that were never trained.
 * A failure no retry can fix is thrown at once; a cancelled job stops waiting.
 */
public final class Retrier {

    private static final Logger LOG = Logger.getLogger(Retrier.class);

    /** Counts the retries of a named step, for metrics. */
    @FunctionalInterface
    public interface RetryObserver {
        void retried(String step, RuntimeException cause);
    }

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Predicate<RuntimeException> retriable;
    private final RetryObserver observer;

    public Retrier(Duration initialBackoff, Duration maxBackoff, Predicate<RuntimeException> retriable,
                   RetryObserver observer) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.retriable = retriable;
        this.observer = observer;
    }

    /** S3 failures marked retriable, and Kafka's retriable errors, are worth another try. */
    public static boolean isTransient(RuntimeException e) {
        if (e instanceof ObjectStoreException store) {
            return store.isRetriable();
        }
        return e instanceof TransientException;
    }

    public <T> T call(String step, Supplier<T> action, CancellationToken cancellation) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            if (cancellation.isCancelled()) {
                throw new TrainingCancelledException(0);
            }
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (!retriable.test(e)) {
                    throw e;
                }
                observer.retried(step, e);
                LOG.warnf("%s failed (attempt %d): %s; retrying in %d ms", step, attempt, e.getMessage(),
                        backoff.toMillis());
                sleep(backoff, cancellation);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    public void run(String step, Runnable action, CancellationToken cancellation) {
        call(step, () -> {
            action.run();
            return null;
        }, cancellation);
    }

    private static void sleep(Duration backoff, CancellationToken cancellation) {
        long deadline = System.nanoTime() + backoff.toNanos();
        while (System.nanoTime() < deadline && !cancellation.isCancelled()) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingCancelledException(0);
            }
        }
    }

    /** A failure of an outside system that a later retry can fix (Kafka unreachable, a send timed out). */
    public static final class TransientException extends RuntimeException {
        public TransientException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
