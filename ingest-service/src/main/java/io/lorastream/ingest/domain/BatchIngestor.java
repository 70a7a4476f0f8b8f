package io.lorastream.ingest.domain;

import io.lorastream.contracts.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Writes the accepted rows of a batch and answers only once Kafka has acknowledged every one of
 * them. When any write fails the claims of the unacknowledged rows are given back and the caller
 * gets an {@link ExampleWriteException}: never a report that claims more than Kafka holds.
 *
 * <p>An unacknowledged row may still be in the log (a produce request the broker appended but could
 * not answer before it went down), so giving its claim back alone would let the client's retry write
 * it a second time. The claims are therefore given back through {@code inDoubt}: the service stops
 * accepting rows, the claims are given back, and only then does it read the topics back, which
 * re-claims the rows that did land. Given back once that re-read had begun, the claim of a row that
 * landed could be lost again, and the retry would write the row twice.
 *
 * <p>{@link #writeAsync} holds no thread while Kafka acknowledges: the last acknowledgement, on the
 * producer's I/O thread, hands the batch to the executor that completes the report (for HTTP, the
 * request's event loop). A thread that waited instead cost a wake-up a request from the I/O thread to
 * it and another from it to the HTTP event loop, each ~20 µs of CPU on the 2-core benchmark host; and
 * a request waiting 2-5 ms for its acknowledgements held a worker that long.
 */
public final class BatchIngestor {

    private final ExamplePreparer preparer;
    private final ExampleSink sink;
    private final IngestObserver observer;
    private final long ackTimeoutMillis;
    private final int maxRejectionsListed;
    private final Consumer<Runnable> inDoubt;
    private final Executor failedWrites;

    /**
     * A batch ingestor on its own: a failed write gives its claims back at once and nothing re-reads (tests).
     *
     * @param ackTimeoutMillis how long to wait for the broker's acknowledgements; must exceed the
     *     producer's delivery timeout so that every write has a definite outcome by then
     * @param maxRejectionsListed how many rejections a report lists (all are counted)
     */
    public BatchIngestor(ExamplePreparer preparer, ExampleSink sink, IngestObserver observer,
                         long ackTimeoutMillis, int maxRejectionsListed) {
        this(preparer, sink, observer, ackTimeoutMillis, maxRejectionsListed, Runnable::run, ForkJoinPool.commonPool());
    }

    /**
     * @param inDoubt given the giving-back of the unacknowledged rows' claims when a write failed; runs
     *     it while the service refuses rows and before the dedup memory is read back (see the class comment)
     * @param failedWrites where a failed write is settled ({@code inDoubt} included): never the producer's
     *     I/O thread, which must not wait for what the hook does
     */
    public BatchIngestor(ExamplePreparer preparer, ExampleSink sink, IngestObserver observer,
                         long ackTimeoutMillis, int maxRejectionsListed, Consumer<Runnable> inDoubt,
                         Executor failedWrites) {
        this.preparer = preparer;
        this.sink = sink;
        this.observer = observer;
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.maxRejectionsListed = maxRejectionsListed;
        this.inDoubt = inDoubt;
        this.failedWrites = failedWrites;
    }

    /** {@link #writeAsync}, waited for: returns the report or throws {@link ExampleWriteException}. */
    public IngestReport write(TaskSpec spec, Channel channel, List<RowOutcome> outcomes) {
        try {
            return writeAsync(spec, channel, outcomes, Runnable::run).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The write goes on and settles by itself: its report is lost, never its rows' claims.
            throw new IllegalStateException("interrupted while Kafka acknowledged the rows", e);
        }
    }

    /**
     * Sends the accepted outcomes of a batch of prepared rows (on the calling thread) and reports on all
     * of them once Kafka has acknowledged every accepted row. The future fails with
     * {@link ExampleWriteException} when some write failed, after the unacknowledged rows' claims were
     * given back.
     *
     * @param settleOn where the rows' outcomes are counted and the report completed (the HTTP path: the
     *     request's event loop, which answers); a failed write then moves on to {@code failedWrites}.
     *     Whatever runs there is off the producer's I/O thread, which only hands the last outcome over.
     */
    public CompletableFuture<IngestReport> writeAsync(TaskSpec spec, Channel channel, List<RowOutcome> outcomes,
                                                      Executor settleOn) {
        List<RowRejection> rejections = new ArrayList<>();
        List<RowOutcome.Accepted> accepted = new ArrayList<>();
        int duplicates = 0;
        int rejected = 0;
        for (RowOutcome outcome : outcomes) {
            if (outcome instanceof RowOutcome.Accepted a) {
                accepted.add(a);
            } else if (outcome instanceof RowOutcome.Duplicate) {
                duplicates++;
            } else if (outcome instanceof RowOutcome.Rejected r) {
                rejected++;
                if (rejections.size() < maxRejectionsListed) {
                    rejections.add(r.rejection());
                }
            }
        }
        IngestReport unwritten = new IngestReport(spec.task(), outcomes.size(), 0, 0, 0, duplicates, rejected,
                List.copyOf(rejections));
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(unwritten);
        }
        Batch batch = new Batch(spec.task(), channel, accepted, new PendingWrites(accepted.size()), System.nanoTime());
        batch.send();
        CompletableFuture<IngestReport> report = new CompletableFuture<>();
        batch.pending.allDone().orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS).whenCompleteAsync((done, timedOut) -> {
            Exception failure = timedOut != null
                    ? new TimeoutException("no acknowledgement within " + ackTimeoutMillis + " ms")
                    : batch.pending.firstFailure();
            try {
                if (failure == null) {
                    int holdout = batch.acknowledged(null).holdout();
                    report.complete(new IngestReport(spec.task(), outcomes.size(), accepted.size(),
                            accepted.size() - holdout, holdout, unwritten.duplicates(), unwritten.rejected(),
                            unwritten.rejections()));
                } else {
                    failedWrites.execute(() -> completeFailed(report, batch, failure));
                }
            } catch (RuntimeException | Error e) {
                // A report that never completes would hang its request: whatever went wrong here, it completes.
                report.completeExceptionally(e);
                throw e;
            }
        }, settleOn);
        return report;
    }

    private static void completeFailed(CompletableFuture<IngestReport> report, Batch batch, Exception failure) {
        try {
            report.completeExceptionally(batch.settleFailed(failure));
        } catch (RuntimeException | Error e) {
            report.completeExceptionally(e);
            throw e;
        }
    }

    /** Rows of a batch the broker acknowledged, by split. */
    private record Acknowledged(int train, int holdout) {
    }

    /** The accepted rows of one request and their writes. */
    private final class Batch {
        final String task;
        final Channel channel;
        final List<RowOutcome.Accepted> rows;
        final PendingWrites pending;
        final long startedNanos;

        Batch(String task, Channel channel, List<RowOutcome.Accepted> rows, PendingWrites pending, long startedNanos) {
            this.task = task;
            this.channel = channel;
            this.rows = rows;
            this.pending = pending;
            this.startedNanos = startedNanos;
        }

        void send() {
            Exception unreachable = null;
            for (int i = 0; i < rows.size(); i++) {
                if (unreachable != null) {
                    // A send that fails before it returns means the broker is unreachable (metadata
                    // timed out); each further send would block as long again, so fail the rest now.
                    pending.fail(i, unreachable);
                    continue;
                }
                RowOutcome.Accepted row = rows.get(i);
                try {
                    sink.write(row.example(), row.holdout(), pending.callbackFor(i));
                } catch (RuntimeException e) {
                    pending.fail(i, e);
                }
                if (pending.hasFailed(i)) {
                    unreachable = pending.firstFailure();
                }
            }
        }

        /**
         * Settles every row still without an outcome as failed with {@code failure} (none when it is null),
         * reports the acknowledged ones to the observer, and returns their count by split.
         */
        Acknowledged acknowledged(Exception failure) {
            int train = 0;
            int holdout = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (failure != null) {
                    // First, so that a late acknowledgement cannot slip in between the count and the give-back.
                    pending.fail(i, failure);
                }
                if (pending.isAcknowledged(i)) {
                    if (rows.get(i).holdout()) {
                        holdout++;
                    } else {
                        train++;
                    }
                }
            }
            observer.accepted(task, channel, train, holdout);
            observer.kafkaWrite(task, Duration.ofNanos(System.nanoTime() - startedNanos), failure == null);
            return new Acknowledged(train, holdout);
        }

        /** After a failure: settles the rows, gives back the unacknowledged rows' claims through inDoubt. */
        ExampleWriteException settleFailed(Exception failure) {
            Acknowledged acknowledged = acknowledged(failure);
            inDoubt.accept(() -> {
                for (int i = 0; i < rows.size(); i++) {
                    if (!pending.isAcknowledged(i)) {
                        preparer.release(rows.get(i));
                    }
                }
            });
            int written = acknowledged.train() + acknowledged.holdout();
            return new ExampleWriteException(written, rows.size() - written, failure);
        }
    }
}
