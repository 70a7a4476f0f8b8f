package io.lorastream.trainer.kafka;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ContractViolationException;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import io.lorastream.trainer.domain.JobOutcome;
import io.lorastream.trainer.domain.JobRequest;
import io.lorastream.trainer.domain.JobRunner;
import io.lorastream.trainer.domain.PlannedWindow;
import io.lorastream.trainer.domain.Retrier;
import io.lorastream.trainer.domain.SourcedExample;
import io.lorastream.trainer.domain.TaskBuffer;
import io.lorastream.trainer.domain.TaskLedger;
import io.lorastream.trainer.domain.VersionNaming;
import io.lorastream.trainer.domain.WindowPlan;
import io.lorastream.trainer.store.CandidateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The trainer's consumer of {@code lorastream.examples.train}, in the {@code lorastream-trainer}
 * group: each replica owns the tasks of its partitions. It routes every example into its task's
 * {@link TaskBuffer}, hands due windows to the {@link JobRunner}, applies the outcomes, and commits
 * a partition's offset only up to the first example that is not yet in a finished window, so a
 * crash at any point re-reads whatever was not trained. Single-threaded: it alone touches the
 * consumer and the buffers; other threads talk to it through {@link #requestJob}.
 */
public final class TrainingStreamConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(TrainingStreamConsumer.class);

    /** Settings of the loop. */
    public record Settings(Duration pollTimeout, int maxBufferedExamples, Duration unknownTaskGrace,
                           Duration holdAfterCancel, Duration rebalanceJobStopTimeout, Duration ledgerRetryInterval) {
    }

    private final Properties consumerProps;
    private final Settings settings;
    private final CompactedTopicFollower<TaskSpec> tasks;
    private final CompactedTopicFollower<ChampionEvent> champions;
    private final CandidateRepository candidates;
    private final JobRunner runner;
    private final TrainerState state;
    private final StreamObserver observer;
    private final Clock clock;

    private final Map<String, TaskBuffer> buffers = new HashMap<>();
    /** Examples of tasks whose ledger is not loaded yet, or that the catalog does not know yet. */
    private final Map<String, List<SourcedExample>> unrouted = new HashMap<>();
    private final Map<String, Instant> unroutedSince = new HashMap<>();
    private final Map<String, Instant> nextLedgerAttempt = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final ConcurrentLinkedQueue<String> jobRequests = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private boolean paused;

    public TrainingStreamConsumer(Properties consumerProps, Settings settings, CompactedTopicFollower<TaskSpec> tasks,
                                  CompactedTopicFollower<ChampionEvent> champions, CandidateRepository candidates,
                                  JobRunner runner, TrainerState state, StreamObserver observer, Clock clock) {
        this.consumerProps = consumerProps;
        this.settings = settings;
        this.tasks = tasks;
        this.champions = champions;
        this.candidates = candidates;
        this.runner = runner;
        this.state = state;
        this.observer = observer;
        this.clock = clock;
    }

    /** What the consumer reports, for metrics. */
    public interface StreamObserver {
        StreamObserver NONE = new StreamObserver() {
        };

        default void examplesRead(String task, TaskBuffer.Route route, int count) {
        }

        default void examplesSkipped(String reason, int count) {
        }

        /** The consumer's lag on the partitions it owns now; called on its poll thread. */
        default void lag(Consumer<?, ?> consumer) {
        }

        /** The consumer stopped: it owns no partitions and knows no lag. */
        default void consumerStopped() {
        }
    }

    /** Asks for a job on {@code task} now; applied by the consumer thread on its next turn. */
    public void requestJob(String task) {
        jobRequests.add(task);
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps)) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.EXAMPLES_TRAIN), new Rebalance(kafka));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(settings.pollTimeout());
                Instant now = clock.instant();
                for (ConsumerRecord<String, byte[]> record : records) {
                    read(record, now);
                }
                routeWaiting(now);
                applyOutcomes(now);
                applyJobRequests();
                startDueJobs(kafka, now);
                applyBackpressure(kafka);
                commit(kafka, false);
                publishState(kafka);
            }
            commit(kafka, true);
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("training stream consumer stopped", e);
            throw e;
        } finally {
            consumer = null;
            observer.consumerStopped();
        }
    }

    /** Stops consuming; safe to call from any thread. Offsets of finished windows are committed first. */
    public void stop() {
        running.set(false);
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }

    // ------------------------------------------------------------------------------------------ reading

    private void read(ConsumerRecord<String, byte[]> record, Instant now) {
        Example example;
        try {
            example = ContractJson.fromBytes(record.value() == null ? new byte[0] : record.value(), Example.class);
        } catch (ContractViolationException e) {
            LOG.warnf("skipping %s-%d@%d: not an Example (%s)", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            observer.examplesSkipped("not_an_example", 1);
            return;
        }
        SourcedExample sourced = new SourcedExample(example, record.partition(), record.offset());
        TaskBuffer buffer = buffers.get(example.task());
        if (buffer == null) {
            unrouted.computeIfAbsent(example.task(), t -> new ArrayList<>()).add(sourced);
            unroutedSince.putIfAbsent(example.task(), now);
            return;
        }
        route(buffer, sourced, now);
    }

    private void route(TaskBuffer buffer, SourcedExample example, Instant now) {
        observer.examplesRead(buffer.task(), buffer.accept(example, now), 1);
    }

    /**
     * Takes on the tasks whose examples are waiting: loads each one's ledger from the store (windows
     * planned by an earlier owner) and routes its examples. A task the catalog does not know yet
     * waits a grace period (its spec may still be on its way); after it, its examples are skipped.
     */
    private void routeWaiting(Instant now) {
        for (String task : new ArrayList<>(unrouted.keySet())) {
            if (tasks.find(task).isEmpty()) {
                if (now.isAfter(unroutedSince.get(task).plus(settings.unknownTaskGrace()))) {
                    int dropped = unrouted.remove(task).size();
                    unroutedSince.remove(task);
                    LOG.warnf("skipping %d examples of task '%s': it is not (or no longer) registered", dropped, task);
                    observer.examplesSkipped("unknown_task", dropped);
                }
                continue;
            }
            Instant attempt = nextLedgerAttempt.get(task);
            if (attempt != null && now.isBefore(attempt)) {
                continue;
            }
            TaskLedger ledger;
            try {
                ledger = candidates.ledger(task);
            } catch (RuntimeException e) {
                if (!Retrier.isTransient(e)) {
                    throw e;
                }
                LOG.warnf("cannot load the windows of task %s from the object store (%s); retrying", task, e.getMessage());
                nextLedgerAttempt.put(task, now.plus(settings.ledgerRetryInterval()));
                continue;
            }
            nextLedgerAttempt.remove(task);
            if (!ledger.unfinished().isEmpty()) {
                LOG.infof("task %s: %d window(s) planned before a restart will be finished first: %s", task,
                        ledger.unfinished().size(), ledger.unfinished().stream().map(u -> u.plan().version()).toList());
            }
            TaskBuffer buffer = new TaskBuffer(task, ledger);
            buffers.put(task, buffer);
            unroutedSince.remove(task);
            for (SourcedExample example : unrouted.remove(task)) {
                route(buffer, example, now);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ jobs

    private void applyOutcomes(Instant now) {
        for (JobOutcome outcome : runner.drainOutcomes()) {
            TaskBuffer buffer = buffers.get(outcome.task());
            if (buffer == null) {
                continue; // its partition was revoked while the job ran
            }
            if (outcome.windowDone()) {
                buffer.finished(outcome.version(), now);
            } else {
                buffer.cancelled(outcome.version(), now, settings.holdAfterCancel());
            }
        }
    }

    private void applyJobRequests() {
        for (String task; (task = jobRequests.poll()) != null; ) {
            TaskBuffer buffer = buffers.get(task);
            if (buffer != null) {
                buffer.requestJob();
            }
        }
    }

    private void startDueJobs(KafkaConsumer<String, byte[]> kafka, Instant now) {
        for (TaskBuffer buffer : buffers.values()) {
            TaskSpec spec = tasks.find(buffer.task()).orElse(null);
            if (spec == null || buffer.isRunning()) {
                continue;
            }
            buffer.nextJob(spec.trigger(), partition -> kafka.position(new TopicPartition(Topics.EXAMPLES_TRAIN, partition)),
                    now, TrainingStreamConsumer::plan).ifPresent(window -> submit(spec, window));
        }
    }

    private static WindowPlan plan(String task, List<io.lorastream.contracts.OffsetRange> ranges, int count, String reason,
                                   Instant now) {
        return new WindowPlan(WindowPlan.CURRENT_SCHEMA, task, VersionNaming.versionOf(task, ranges, now), ranges, count,
                reason, now);
    }

    private void submit(TaskSpec spec, PlannedWindow window) {
        List<Example> examples = window.examples().stream()
                .sorted(java.util.Comparator.comparingInt(SourcedExample::partition).thenComparingLong(SourcedExample::offset))
                .map(SourcedExample::example).toList();
        if (window.plan().exampleCount() != examples.size() && !window.trained()) {
            LOG.warnf("window %s/%s was planned with %d examples, %d could be read again", spec.task(),
                    window.plan().version(), window.plan().exampleCount(), examples.size());
        }
        JobRequest request = new JobRequest(spec, window.plan(), window.trained(), examples,
                champions.find(spec.task()).orElse(null));
        if (!runner.submit(request)) {
            throw new IllegalStateException("task " + spec.task() + " already has a job; the buffer thought not");
        }
        LOG.infof("job queued for %s/%s: %d examples (%s)", spec.task(), window.plan().version(), examples.size(),
                window.plan().reason());
    }

    // ------------------------------------------------------------------------------------------ offsets

    /**
     * Commits, per partition, the lowest offset still needed: the position, or below it the first
     * example of an unfinished window, a pending example, or an example not routed yet.
     */
    private void commit(KafkaConsumer<String, byte[]> kafka, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : kafka.assignment()) {
            long safe = safeOffset(kafka, partition);
            Long last = committed.get(partition);
            if (last == null || safe > last) {
                offsets.put(partition, new OffsetAndMetadata(safe));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                kafka.commitSync(offsets, Duration.ofSeconds(10));
                committed.putAll(offsets.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().offset())));
            } else {
                kafka.commitAsync(offsets, (done, error) -> {
                    if (error == null) {
                        done.forEach((p, o) -> committed.merge(p, o.offset(), Math::max));
                    } else {
                        LOG.debugf("offset commit failed (%s); the next turn retries", error.toString());
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("offset commit failed: %s", e.getMessage());
        }
    }

    private long safeOffset(KafkaConsumer<String, byte[]> kafka, TopicPartition partition) {
        long safe = kafka.position(partition);
        for (TaskBuffer buffer : buffers.values()) {
            OptionalLong first = buffer.firstUnfinishedOffset(partition.partition());
            if (first.isPresent()) {
                safe = Math.min(safe, first.getAsLong());
            }
        }
        for (List<SourcedExample> waiting : unrouted.values()) {
            for (SourcedExample e : waiting) {
                if (e.partition() == partition.partition()) {
                    safe = Math.min(safe, e.offset());
                    break;
                }
            }
        }
        return safe;
    }

    // ------------------------------------------------------------------------------------------ memory

    /** Pauses fetching while too many examples wait in memory (training is behind), resumes below 80%. */
    private void applyBackpressure(KafkaConsumer<String, byte[]> kafka) {
        int buffered = buffers.values().stream().mapToInt(TaskBuffer::bufferedCount).sum()
                + unrouted.values().stream().mapToInt(List::size).sum();
        if (!paused && buffered >= settings.maxBufferedExamples()) {
            kafka.pause(kafka.assignment());
            paused = true;
            LOG.warnf("%d examples buffered (limit %d): pausing consumption until training catches up", buffered,
                    settings.maxBufferedExamples());
        } else if (paused && buffered < settings.maxBufferedExamples() * 0.8) {
            kafka.resume(kafka.paused());
            paused = false;
            LOG.info("resuming consumption");
        }
    }

    private void publishState(KafkaConsumer<String, byte[]> kafka) {
        Map<String, TrainerState.TaskStatus> statuses = new HashMap<>();
        for (TaskBuffer buffer : buffers.values()) {
            statuses.put(buffer.task(), new TrainerState.TaskStatus(buffer.task(), buffer.pendingCount(),
                    buffer.bufferedCount(), buffer.plannedWindowCount(), buffer.partitions(),
                    runner.active(buffer.task()).orElse(null)));
        }
        for (Map.Entry<String, List<SourcedExample>> waiting : unrouted.entrySet()) {
            statuses.putIfAbsent(waiting.getKey(), new TrainerState.TaskStatus(waiting.getKey(), waiting.getValue().size(),
                    waiting.getValue().size(), 0, Set.of(), null));
        }
        state.publish(statuses, paused);
        observer.lag(kafka);
    }

    // ------------------------------------------------------------------------------------------ rebalancing

    /**
     * On losing partitions: stop the jobs of their tasks (the new owner finishes their windows from
     * the plans in the store), commit what is done, and forget their buffers.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> kafka;

        Rebalance(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions, false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("assigned %s", partitions);
            }
        }

        private void release(Collection<TopicPartition> partitions, boolean commitFirst) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<Integer> numbers = new HashSet<>();
            partitions.forEach(p -> numbers.add(p.partition()));
            List<String> leaving = buffers.values().stream()
                    .filter(b -> b.partitions().stream().anyMatch(numbers::contains))
                    .map(TaskBuffer::task).toList();
            runner.cancelAndWait(leaving, settings.rebalanceJobStopTimeout());
            applyOutcomes(clock.instant());
            if (commitFirst) {
                commit(kafka, true);
            }
            // A leaving task spread over kept partitions too (its key moved when partitions were added):
            // those are read again from the offset it still needed, once its buffer is gone.
            Map<TopicPartition, Long> rewind = new HashMap<>();
            for (String task : leaving) {
                for (int partition : buffers.get(task).partitions()) {
                    TopicPartition tp = new TopicPartition(Topics.EXAMPLES_TRAIN, partition);
                    if (!numbers.contains(partition) && kafka.assignment().contains(tp)) {
                        rewind.merge(tp, safeOffset(kafka, tp), Math::min);
                    }
                }
            }
            leaving.forEach(buffers::remove);
            rewind.forEach(kafka::seek);
            unrouted.values().forEach(list -> list.removeIf(e -> numbers.contains(e.partition())));
            unrouted.values().removeIf(List::isEmpty);
            unroutedSince.keySet().retainAll(unrouted.keySet());
            partitions.forEach(committed::remove);
            LOG.infof("released %s (tasks %s)", partitions, leaving);
        }
    }
}
