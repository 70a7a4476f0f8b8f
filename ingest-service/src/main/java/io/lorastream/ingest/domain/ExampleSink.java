package io.lorastream.ingest.domain;

import io.lorastream.contracts.Example;
import java.util.concurrent.CompletableFuture;

/** Where accepted examples go: each write reports once whether the broker acknowledged it. */
public interface ExampleSink {

    /** The outcome of one write, reported exactly once, possibly before {@code write} returns. */
    @FunctionalInterface
    interface Acknowledgement {
        /** @param failure null when the broker acknowledged the write, else why it did not */
        void completed(Exception failure);
    }

    /**
     * Writes {@code example} to the holdout topic when {@code holdout}, else to the train topic.
     * A callback rather than a future per row: a batch of thousands of rows tracks them in one
     * {@link PendingWrites} instead of a graph of futures completed on the producer's I/O thread.
     */
    void write(Example example, boolean holdout, Acknowledgement done);

    /** The same write as a future, for callers that handle one row at a time. */
    default CompletableFuture<Void> write(Example example, boolean holdout) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            write(example, holdout, failure -> {
                if (failure == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
