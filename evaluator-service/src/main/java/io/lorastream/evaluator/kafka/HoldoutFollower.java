package io.lorastream.evaluator.kafka;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ContractViolationException;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.Topics;
import io.lorastream.evaluator.domain.EvalItem;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.EvaluationSnapshot;
import io.lorastream.evaluator.domain.TransientException;
import io.lorastream.evaluator.store.SetCheckpoint;
import io.lorastream.evaluator.store.SetCheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Feeds {@link EvaluationSets} from {@code lorastream.examples.holdout} for the life of the process. At start it
 * restores each partition's checkpoint from the object store and reads on from the offset the checkpoint covers
 * (a partition without a checkpoint is read from its beginning: the sets are bounded, so that never holds more than
 * the sets themselves); then it checkpoints changed partitions every {@code checkpointInterval} and at shutdown.
 *
 * <p>Reads without a consumer group: every replica needs every task's sets, and its position comes from the
 * checkpoints, never from committed offsets. {@link #catchUp()} lets an evaluation wait until every example published
 * before it started has been read.
 */
public final class HoldoutFollower implements Runnable {

    private static final Logger LOG = Logger.getLogger(HoldoutFollower.class);

    /** What the follower reports to metrics. */
    public interface Observer {
        /** A held-out record was read; outcome {@code added}, {@code duplicate} or {@code invalid}. */
        void record(String task, String outcome);

        /** A partition's checkpoint was written. */
        void checkpointWritten(int partition, long bytes, long nanos);

        /** A checkpoint could not be written (retried at the next interval). */
        void checkpointFailed(int partition);
    }

    private final Properties consumerProps;
    private final EvaluationSets sets;
    private final SetCheckpointStore checkpoints;
    private final Duration checkpointInterval;
    private final Observer observer;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    /** Task → the partition whose checkpoint holds its sets (the first one it was seen on). */
    private final Map<String, Integer> homePartition = new HashMap<>();
    private final Set<Integer> dirty = new HashSet<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long restoredRecords;
    private volatile long readRecords;

    public HoldoutFollower(Properties consumerProps, EvaluationSets sets, SetCheckpointStore checkpoints,
                           Duration checkpointInterval, Observer observer, Clock clock) {
        this.consumerProps = consumerProps;
        this.sets = sets;
        this.checkpoints = checkpoints;
        this.checkpointInterval = checkpointInterval;
        this.observer = observer;
        this.clock = clock;
    }

    /** Waits until every record on the topic at start-up has been read (after restoring the checkpoints). */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Completes once every record published before this call has been read. */
    public CompletableFuture<Void> catchUp() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        syncRequests.add(request);
        return request;
    }

    /** Items restored from checkpoints at start-up. */
    public long restoredItems() {
        return restoredRecords;
    }

    /** Records read from Kafka since start-up (after the checkpoints' offsets). */
    public long readRecords() {
        return readRecords;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps)) {
            consumer = kafka;
            List<TopicPartition> partitions = KafkaWaits.awaitPartitions(kafka,
                    Topics.EXAMPLES_HOLDOUT, running);
            if (partitions.isEmpty()) {
                return;
            }
            kafka.assign(partitions);
            restore(kafka, partitions);
            Map<TopicPartition, Long> endAtStart = KafkaWaits.endOffsets(kafka, partitions, running);
            List<PendingSync> pending = new ArrayList<>();
            Instant lastCheckpoint = clock.instant();
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!isCaughtUp() && KafkaWaits.reached(kafka, endAtStart)) {
                    LOG.infof("held-out examples read to the end: %d tasks, %d items restored from checkpoints, %d "
                            + "records read", sets.tasks().size(), restoredRecords, readRecords);
                    caughtUp.countDown();
                }
                answerSyncRequests(kafka, partitions, pending);
                if (!dirty.isEmpty() && !clock.instant().isBefore(lastCheckpoint.plus(checkpointInterval))) {
                    checkpoint(kafka);
                    lastCheckpoint = clock.instant();
                }
            }
            checkpoint(kafka);
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("held-out follower stopped", e);
            throw e;
        } finally {
            syncRequests.forEach(r -> r.completeExceptionally(new IllegalStateException("the held-out follower stopped")));
        }
    }

    /** Stops following, writing a last checkpoint first; safe to call from any thread. */
    public void stop() {
        running.set(false);
    }

    /** Stops at once, without the last checkpoint (the next start reads a little more). */
    public void abort() {
        running.set(false);
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }

    private record PendingSync(CompletableFuture<Void> request, Map<TopicPartition, Long> target) {
    }

    private void restore(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            SetCheckpoint checkpoint = readCheckpoint(tp.partition());
            if (checkpoint == null) {
                kafka.seekToBeginning(List.of(tp));
                continue;
            }
            checkpoint.tasks().forEach((task, state) -> {
                sets.restore(task, items(state.window()), items(state.retention()));
                homePartition.putIfAbsent(task, tp.partition());
                restoredRecords += state.window().size() + state.retention().size();
            });
            kafka.seek(tp, checkpoint.nextOffset());
            LOG.infof("restored %d tasks of holdout partition %d from its checkpoint at offset %d",
                    checkpoint.tasks().size(), tp.partition(), checkpoint.nextOffset());
        }
    }

    private SetCheckpoint readCheckpoint(int partition) {
        while (running.get()) {
            try {
                return checkpoints.read(partition).orElse(null);
            } catch (TransientException e) {
                LOG.warnf("cannot read the checkpoint of holdout partition %d (%s); retrying", partition, e.getMessage());
                KafkaWaits.pause(2000);
            }
        }
        return null;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        readRecords++;
        String task = record.key();
        if (!TaskId.isValid(task) || record.value() == null) {
            observer.record("(invalid)", "invalid");
            return;
        }
        Example example;
        try {
            example = ContractJson.fromBytes(record.value(), Example.class);
        } catch (ContractViolationException e) {
            LOG.debugf("ignoring invalid held-out record at %d@%d: %s", record.partition(), record.offset(), e.getMessage());
            observer.record(task, "invalid");
            return;
        }
        if (!example.task().equals(task)) {
            observer.record(task, "invalid");
            return;
        }
        homePartition.putIfAbsent(task, record.partition());
        dirty.add(homePartition.get(task));
        boolean added = sets.add(task, new EvalItem(example.text(), example.label(), example.contentHash(),
                example.ingestedAt()));
        observer.record(task, added ? "added" : "duplicate");
    }

    private void answerSyncRequests(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions,
                                    List<PendingSync> pending) {
        if (!syncRequests.isEmpty()) {
            try {
                Map<TopicPartition, Long> target = kafka.endOffsets(partitions, Duration.ofSeconds(5));
                for (CompletableFuture<Void> request; (request = syncRequests.poll()) != null; ) {
                    pending.add(new PendingSync(request, target));
                }
            } catch (TimeoutException e) {
                LOG.debug("Kafka unreachable while answering a catch-up request; retrying");
            }
        }
        for (Iterator<PendingSync> it = pending.iterator(); it.hasNext(); ) {
            PendingSync sync = it.next();
            if (sync.request().isDone()) {
                it.remove();
            } else if (KafkaWaits.reached(kafka, sync.target())) {
                sync.request().complete(null);
                it.remove();
            }
        }
    }

    private void checkpoint(KafkaConsumer<String, byte[]> kafka) {
        for (int partition : new TreeSet<>(dirty)) {
            long started = System.nanoTime();
            try {
                long position = kafka.position(new TopicPartition(Topics.EXAMPLES_HOLDOUT, partition), Duration.ofSeconds(5));
                long bytes = checkpoints.write(snapshot(partition, position));
                dirty.remove(partition);
                observer.checkpointWritten(partition, bytes, System.nanoTime() - started);
                LOG.debugf("checkpointed holdout partition %d at offset %d (%d bytes)", partition, position, bytes);
            } catch (TransientException | TimeoutException e) {
                observer.checkpointFailed(partition);
                LOG.warnf("cannot checkpoint holdout partition %d (%s); retrying at the next interval", partition,
                        e.getMessage());
            }
        }
    }

    private SetCheckpoint snapshot(int partition, long position) {
        Map<String, SetCheckpoint.TaskSets> tasks = new TreeMap<>();
        homePartition.forEach((task, home) -> {
            if (home == partition) {
                EvaluationSnapshot snapshot = sets.snapshot(task);
                tasks.put(task, new SetCheckpoint.TaskSets(checkpointItems(snapshot.window()),
                        checkpointItems(snapshot.retention())));
            }
        });
        return new SetCheckpoint(SetCheckpoint.FORMAT, Topics.EXAMPLES_HOLDOUT, partition, position,
                sets.limits().windowSize(), sets.limits().retentionSize(), sets.limits().timeSlice().toMillis(),
                clock.millis(), tasks);
    }

    private static List<SetCheckpoint.Item> checkpointItems(List<EvalItem> items) {
        return items.stream().map(i -> new SetCheckpoint.Item(i.text(), i.label(), i.key(), i.at().toString())).toList();
    }

    private static List<EvalItem> items(List<SetCheckpoint.Item> items) {
        return items == null ? List.of() : items.stream()
                .map(i -> new EvalItem(i.text(), i.label(), i.key(), Instant.parse(i.at()))).toList();
    }
}
