package io.lorastream.ingest.domain;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The acknowledgements of one batch of writes: which rows the broker acknowledged, which failed,
 * and a future done once all of them have an outcome. Callbacks arrive on the producer's I/O thread; a
 * row's outcome is set once, so a late callback after a timeout cannot turn a failed row into an
 * acknowledged one.
 */
final class PendingWrites {

    private static final int PENDING = 0;
    private static final int ACKNOWLEDGED = 1;
    private static final int FAILED = 2;

    private final AtomicIntegerArray states;
    /** Counted down per row here; the future completes once, so a row's callback never signals a waiter. */
    private final AtomicInteger outstanding;
    private final CompletableFuture<Void> allDone = new CompletableFuture<>();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    PendingWrites(int rows) {
        states = new AtomicIntegerArray(rows);
        outstanding = new AtomicInteger(rows);
        if (rows == 0) {
            allDone.complete(null);
        }
    }

    /** The callback for row {@code row}. */
    ExampleSink.Acknowledgement callbackFor(int row) {
        return failure -> complete(row, failure);
    }

    /** Marks a row failed without a write (the send threw, or an earlier send showed the broker unreachable). */
    void fail(int row, Exception failure) {
        complete(row, failure);
    }

    private void complete(int row, Exception failure) {
        if (states.compareAndSet(row, PENDING, failure == null ? ACKNOWLEDGED : FAILED)) {
            if (failure != null) {
                firstFailure.compareAndSet(null, failure);
            }
            if (outstanding.decrementAndGet() == 0) {
                allDone.complete(null);
            }
        }
    }

    /** Done once every row has an outcome, acknowledged or failed. */
    CompletableFuture<Void> allDone() {
        return allDone;
    }

    boolean isAcknowledged(int row) {
        return states.get(row) == ACKNOWLEDGED;
    }

    boolean hasFailed(int row) {
        return states.get(row) == FAILED;
    }

    /** The first failure reported, or null. */
    Exception firstFailure() {
        return firstFailure.get();
    }
}
