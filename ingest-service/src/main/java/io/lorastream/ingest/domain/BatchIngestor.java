package io.lorastream.ingest.domain;

import io.lorastream.contracts.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
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
 */
public final class BatchIngestor {

    private final ExamplePreparer preparer;
    private final ExampleSink sink;
    private final IngestObserver observer;
    private final long ackTimeoutMillis;
    private final int maxRejectionsListed;
    private final Consumer<Runnable> inDoubt;

    /**
     * A batch ingestor on its own: a failed write gives its claims back at once and nothing re-reads (tests).
     *
     * @param ackTimeoutMillis how long to wait for the broker's acknowledgements; must exceed the
     *     producer's delivery timeout so that every write has a definite outcome by then
     * @param maxRejectionsListed how many rejections a report lists (all are counted)
     */
    public BatchIngestor(ExamplePreparer preparer, ExampleSink sink, IngestObserver observer,
                         long ackTimeoutMillis, int maxRejectionsListed) {
        this(preparer, sink, observer, ackTimeoutMillis, maxRejectionsListed, Runnable::run);
    }

    /**
     * @param inDoubt given the giving-back of the unacknowledged rows' claims when a write failed; runs
     *     it while the service refuses rows and before the dedup memory is read back (see the class comment)
     */
    public BatchIngestor(ExamplePreparer preparer, ExampleSink sink, IngestObserver observer,
                         long ackTimeoutMillis, int maxRejectionsListed, Consumer<Runnable> inDoubt) {
        this.preparer = preparer;
        this.sink = sink;
        this.observer = observer;
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.maxRejectionsListed = maxRejectionsListed;
        this.inDoubt = inDoubt;
    }

    /** Writes the accepted outcomes of a batch of prepared rows and reports on all of them. */
    public IngestReport write(TaskSpec spec, Channel channel, List<RowOutcome> outcomes) {
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
        awaitAcknowledgements(spec.task(), channel, accepted);
        int holdout = (int) accepted.stream().filter(RowOutcome.Accepted::holdout).count();
        return new IngestReport(spec.task(), outcomes.size(), accepted.size(), accepted.size() - holdout, holdout,
                duplicates, rejected, List.copyOf(rejections));
    }

    private void awaitAcknowledgements(String task, Channel channel, List<RowOutcome.Accepted> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        PendingWrites pending = new PendingWrites(accepted.size());
        Exception unreachable = null;
        for (int i = 0; i < accepted.size(); i++) {
            if (unreachable != null) {
                // A send that fails before it returns means the broker is unreachable (metadata
                // timed out); each further send would block as long again, so fail the rest now.
                pending.fail(i, unreachable);
                continue;
            }
            RowOutcome.Accepted row = accepted.get(i);
            try {
                sink.write(row.example(), row.holdout(), pending.callbackFor(i));
            } catch (RuntimeException e) {
                pending.fail(i, e);
            }
            if (pending.hasFailed(i)) {
                unreachable = pending.firstFailure();
            }
        }
        Exception failure;
        try {
            failure = pending.await(ackTimeoutMillis) ? pending.firstFailure()
                    : new TimeoutException("no acknowledgement within " + ackTimeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        int train = 0;
        int holdout = 0;
        for (int i = 0; i < accepted.size(); i++) {
            if (pending.isAcknowledged(i)) {
                if (accepted.get(i).holdout()) {
                    holdout++;
                } else {
                    train++;
                }
            } else {
                pending.fail(i, failure);
            }
        }
        observer.accepted(task, channel, train, holdout);
        observer.kafkaWrite(task, Duration.ofNanos(System.nanoTime() - started), failure == null);
        if (failure == null) {
            return;
        }
        inDoubt.accept(() -> {
            for (int i = 0; i < accepted.size(); i++) {
                if (!pending.isAcknowledged(i)) {
                    preparer.release(accepted.get(i));
                }
            }
        });
        throw new ExampleWriteException(train + holdout, accepted.size() - train - holdout, failure);
    }
}
