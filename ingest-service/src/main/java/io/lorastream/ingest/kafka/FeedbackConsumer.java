package io.lorastream.ingest.kafka;

import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.domain.BatchParser;
import io.lorastream.ingest.domain.Channel;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.ExampleSink;
import io.lorastream.ingest.domain.IngestObserver;
import io.lorastream.ingest.domain.ParsedRow;
import io.lorastream.ingest.domain.RejectionRule;
import io.lorastream.ingest.domain.RowOutcome;
import io.lorastream.ingest.domain.RowRejection;
import io.lorastream.ingest.domain.TaskCatalog;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The Kafka-native input: validates every record on the feedback topic like an HTTP row, writes
 * valid ones to the example topics and invalid or malformed ones to the DLQ, and commits a poll's
 * offsets only after every one of its writes is acknowledged. A failed write is retried with the
 * whole poll after seeking back, so nothing is lost; dedup keeps the retry from writing twice.
 *
 * <p>A write that failed may have landed all the same (the broker appended the produce request but
 * stopped before answering), so giving its claim back alone would let the retry write it a second
 * time. The claims are therefore given back through {@code inDoubt}, which stops the service taking
 * rows while they are given back and then reads the dedup memory back from the topics; and the
 * consumer handles no record while {@code ready} is false (after its own failed write or one of the
 * HTTP path's), pausing its partitions but still polling so that it keeps its place in the group.
 *
 * <p>A commit that fails (the broker gone between the acknowledgements and the commit, a rebalance) loses
 * nothing, as the records are written: read again from the last committed offset (after a rebalance or a
 * restart), they are dropped by dedup. So it is logged and counted, and the consumer goes on; stopping would
 * leave the feedback topic unread until a restart.
 */
public final class FeedbackConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(FeedbackConsumer.class);

    private final Properties consumerProps;
    private final TaskCatalog catalog;
    private final ExamplePreparer preparer;
    private final ExampleSink sink;
    private final KafkaExampleWriter deadLetters;
    private final IngestObserver observer;
    private final long ackWaitMillis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private final ConsumerLagGauges lag;
    private final Consumer<Runnable> inDoubt;
    private final BooleanSupplier ready;
    private final Consumer<KafkaException> commitFailed;

    /** A consumer on its own: a failed write gives its claims back at once and nothing waits (tests). */
    public FeedbackConsumer(Properties consumerProps, TaskCatalog catalog, ExamplePreparer preparer, ExampleSink sink,
                            KafkaExampleWriter deadLetters, IngestObserver observer, ConsumerLagGauges lag,
                            long ackWaitMillis) {
        this(consumerProps, catalog, preparer, sink, deadLetters, observer, lag, ackWaitMillis, Runnable::run,
                () -> true, e -> { });
    }

    /**
     * @param inDoubt given the giving-back of the claims of a poll's unacknowledged examples when a write
     *     failed; runs it while the service refuses rows and before the dedup memory is read back
     * @param ready true while the service may write rows (false until the dedup memory is read back)
     * @param commitFailed told of every offset commit that failed (already logged; the consumer goes on)
     */
    public FeedbackConsumer(Properties consumerProps, TaskCatalog catalog, ExamplePreparer preparer, ExampleSink sink,
                            KafkaExampleWriter deadLetters, IngestObserver observer, ConsumerLagGauges lag,
                            long ackWaitMillis, Consumer<Runnable> inDoubt, BooleanSupplier ready,
                            Consumer<KafkaException> commitFailed) {
        this.inDoubt = inDoubt;
        this.ready = ready;
        this.commitFailed = commitFailed;
        this.consumerProps = consumerProps;
        this.catalog = catalog;
        this.preparer = preparer;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.observer = observer;
        this.lag = lag;
        this.ackWaitMillis = ackWaitMillis;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProps)) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.FEEDBACK));
            while (running.get()) {
                if (!ready.getAsBoolean()) {
                    holdOff(kafka);
                    continue;
                }
                if (!kafka.paused().isEmpty()) {
                    kafka.resume(kafka.paused());
                }
                ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(500));
                // On the poll thread (KafkaConsumer is not thread-safe): from the end offsets the fetches brought.
                lag.update(kafka);
                if (records.isEmpty()) {
                    continue;
                }
                if (handle(records)) {
                    commit(kafka, records.count());
                } else {
                    rewind(kafka, records);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("feedback consumer stopped", e);
            throw e;
        }
    }

    /**
     * Commits the offsets of a poll whose writes were all acknowledged; a failure is logged and counted, not thrown
     * (see the class comment). The wait is bounded like a write's: against a stopped broker the default
     * ({@code default.api.timeout.ms}, 60 s) would hold the consumer that long before it could poll again.
     */
    private void commit(KafkaConsumer<byte[], byte[]> kafka, int handled) {
        try {
            kafka.commitSync(Duration.ofMillis(ackWaitMillis));
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("offsets of %d handled feedback records not committed (%s); going on: read again after a"
                    + " rebalance or a restart, they are dropped as duplicates", handled, e);
            commitFailed.accept(e);
        }
    }

    /**
     * One round while the service may not write: every partition paused, so the poll fetches nothing but
     * keeps the group membership alive. A partition assigned during this very poll is not paused yet and
     * may bring records: they are sought back to be handled once the service is ready.
     */
    private void holdOff(KafkaConsumer<byte[], byte[]> kafka) {
        kafka.pause(kafka.assignment());
        ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(200));
        lag.update(kafka);
        if (!records.isEmpty()) {
            rewind(kafka, records);
        }
    }

    /** Stops consuming; safe to call from any thread. */
    public void stop() {
        running.set(false);
        KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }

    /** Handles one poll; true when every write was acknowledged and its offsets may be committed. */
    private boolean handle(ConsumerRecords<byte[], byte[]> records) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        // One entry a record: how to give back its dedup claim, or null when it claimed nothing.
        List<Runnable> releases = new ArrayList<>();
        CompletableFuture<Void> unreachable = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (unreachable != null) {
                // A write that failed before it returned means the broker is unreachable (metadata timed
                // out); each further send would block as long again, so the rest of the poll waits for the retry.
                writes.add(unreachable);
                releases.add(null);
                continue;
            }
            CompletableFuture<Void> write = handle(record, releases);
            writes.add(write);
            if (write.isCompletedExceptionally()) {
                unreachable = write;
            }
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(ackWaitMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("writes of %d feedback records not all acknowledged (%s); retrying them", records.count(),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            List<Runnable> unacknowledged = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                if (releases.get(i) != null && (writes.get(i).isCompletedExceptionally() || !writes.get(i).isDone())) {
                    unacknowledged.add(releases.get(i));
                }
            }
            // Only an example's write bears on the dedup memory; a failed dead letter is simply written again.
            if (!unacknowledged.isEmpty()) {
                inDoubt.accept(() -> unacknowledged.forEach(Runnable::run));
            }
            Pause.millis(1000);
            return false;
        }
    }

    private CompletableFuture<Void> handle(ConsumerRecord<byte[], byte[]> record, List<Runnable> releases) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!TaskId.isValid(key)) {
            releases.add(null);
            return deadLetter(record, key, "task", RejectionRule.INVALID_TASK_ID,
                    "the record key must be the task id: " + (key == null ? "no key" : "'" + key + "'"));
        }
        Optional<TaskSpec> spec = catalog.find(key);
        if (spec.isEmpty()) {
            releases.add(null);
            return deadLetter(record, key, "task", RejectionRule.UNKNOWN_TASK, "no task '" + key + "'");
        }
        observer.received(key, Channel.KAFKA, 1);
        RowOutcome outcome = prepare(spec.get(), record);
        if (outcome instanceof RowOutcome.Accepted accepted) {
            releases.add(() -> preparer.release(accepted));
            return sink.write(accepted.example(), accepted.holdout())
                    .thenRun(() -> observer.accepted(key, Channel.KAFKA, accepted.holdout() ? 0 : 1, accepted.holdout() ? 1 : 0));
        }
        releases.add(null);
        if (outcome instanceof RowOutcome.Rejected rejected) {
            RowRejection r = rejected.rejection();
            return deadLetter(record, key, r.field(), rule(r.rule()), r.message());
        }
        return CompletableFuture.completedFuture(null);
    }

    private RowOutcome prepare(TaskSpec spec, ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return preparer.unparsable(spec, Channel.KAFKA, 0, RejectionRule.MALFORMED_JSON, "the record has no value");
        }
        ParsedRow row = BatchParser.parseRecord(value);
        return row.isReadable() ? preparer.prepare(spec, Channel.KAFKA, 0, row.row())
                : preparer.unparsable(spec, Channel.KAFKA, 0, row.problem(), row.detail());
    }

    private CompletableFuture<Void> deadLetter(ConsumerRecord<byte[], byte[]> record, String key, String field,
                                               RejectionRule rule, String reason) {
        String task = TaskId.isValid(key) ? key : "(invalid)";
        if (!TaskId.isValid(key) || catalog.find(key).isEmpty()) {
            observer.rejected(task, Channel.KAFKA, rule.code());
        }
        DeadLetter letter = new DeadLetter(key, record.value(), reason, field, rule.code(), record.topic(),
                record.partition(), record.offset());
        return deadLetters.deadLetter(letter).thenRun(() -> observer.deadLettered(task, rule.code()));
    }

    private static RejectionRule rule(String code) {
        for (RejectionRule rule : RejectionRule.values()) {
            if (rule.code().equals(code)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("unknown rule code " + code);
    }

    /** Seeks every partition of a failed poll back to its first record so the poll is handled again. */
    private static void rewind(KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records) {
        for (var partition : records.partitions()) {
            kafka.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
