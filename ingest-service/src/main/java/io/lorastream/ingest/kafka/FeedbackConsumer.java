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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The Kafka-native input: validates every record on the feedback topic like an HTTP row, writes
 * valid ones to the example topics and invalid or malformed ones to the DLQ, and commits a poll's
 * offsets only after every one of its writes is acknowledged. A failed write is retried with the
 * whole poll after seeking back, so nothing is lost; dedup keeps the retry from writing twice.
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

    public FeedbackConsumer(Properties consumerProps, TaskCatalog catalog, ExamplePreparer preparer, ExampleSink sink,
                            KafkaExampleWriter deadLetters, IngestObserver observer, ConsumerLagGauges lag,
                            long ackWaitMillis) {
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
                ConsumerRecords<byte[], byte[]> records = kafka.poll(Duration.ofMillis(500));
                // On the poll thread (KafkaConsumer is not thread-safe): from the end offsets the fetches brought.
                lag.update(kafka);
                if (records.isEmpty()) {
                    continue;
                }
                if (handle(records)) {
                    kafka.commitSync();
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
        List<Runnable> releases = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            writes.add(handle(record, releases));
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
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i).isCompletedExceptionally() || !writes.get(i).isDone()) {
                    releases.get(i).run();
                }
            }
            Pause.millis(1000);
            return false;
        }
    }

    private CompletableFuture<Void> handle(ConsumerRecord<byte[], byte[]> record, List<Runnable> releases) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!TaskId.isValid(key)) {
            releases.add(() -> { });
            return deadLetter(record, key, "task", RejectionRule.INVALID_TASK_ID,
                    "the record key must be the task id: " + (key == null ? "no key" : "'" + key + "'"));
        }
        Optional<TaskSpec> spec = catalog.find(key);
        if (spec.isEmpty()) {
            releases.add(() -> { });
            return deadLetter(record, key, "task", RejectionRule.UNKNOWN_TASK, "no task '" + key + "'");
        }
        observer.received(key, Channel.KAFKA, 1);
        RowOutcome outcome = prepare(spec.get(), record);
        if (outcome instanceof RowOutcome.Accepted accepted) {
            releases.add(() -> preparer.release(accepted));
            return sink.write(accepted.example(), accepted.holdout())
                    .thenRun(() -> observer.accepted(key, Channel.KAFKA, accepted.holdout() ? 0 : 1, accepted.holdout() ? 1 : 0));
        }
        releases.add(() -> { });
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
