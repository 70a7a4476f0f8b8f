package io.lorastream.evaluator.kafka;

import io.lorastream.contracts.Topics;
import io.lorastream.evaluator.domain.CandidateProcessor;
import io.lorastream.evaluator.domain.CandidateQueue;
import io.lorastream.evaluator.domain.QueuedCandidate;
import io.lorastream.evaluator.domain.StoppedException;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads {@code lorastream.adapters.candidates} in the evaluator's consumer group and hands one candidate at a time,
 * in offset order, to a single worker thread running the {@link CandidateProcessor}. The consumer thread keeps
 * polling while the worker evaluates (so the group does not evict it during a long evaluation, and newer
 * candidates reach the queue where they can supersede older ones) and pauses its partitions once
 * {@code maxQueued} candidates wait. A candidate's offset is committed only after its decision was acknowledged;
 * one whose partition was revoked meanwhile is left to its new owner, which finds the recorded decision and
 * publishes the same one again. After every poll it publishes its lag per owned partition (candidates not read yet,
 * so not counted in {@link #backlog()}).
 */
public final class CandidateConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(CandidateConsumer.class);

    private final Properties consumerProps;
    private final CandidateProcessor processor;
    private final CandidateQueue queue;
    private final int maxQueued;
    private final ConsumerLagGauges lag;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile String failure;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "evaluator-worker");
        t.setDaemon(true);
        return t;
    });
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Future<?> inFlight;
    private QueuedCandidate inFlightCandidate;
    private volatile int queued;

    public CandidateConsumer(Properties consumerProps, CandidateProcessor processor, boolean supersede, int maxQueued,
                             ConsumerLagGauges lag) {
        this.consumerProps = consumerProps;
        this.lag = lag;
        this.processor = processor;
        this.queue = new CandidateQueue(supersede);
        this.maxQueued = maxQueued;
    }

    /** True while this replica keeps polling the candidates topic. */
    public boolean isRunning() {
        return running.get();
    }

    /**
     * Why the poll loop ended although nobody called {@link #stop()} (a bug, or a Kafka error it cannot go on from),
     * or null while it runs or after a requested stop. Such a consumer never decides another candidate: only a
     * restart does, which reads the undecided ones again.
     */
    public String failure() {
        return running.get() || stopRequested.get() ? null : failure == null ? "the poll loop ended" : failure;
    }

    /** Candidates read and not decided yet, the one being evaluated included. */
    public int backlog() {
        return queued;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps)) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.ADAPTERS_CANDIDATES), new Rebalance(kafka));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    queue.add(QueuedCandidate.read(record.partition(), record.offset(), record.value()));
                }
                lag.update(kafka);
                flowControl(kafka);
                finishInFlight();
                startNext();
                commit(kafka);
                queued = queue.size() + (inFlight == null ? 0 : 1);
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.error("candidates consumer stopped", e);
            throw e;
        } finally {
            running.set(false);
            lag.close();
            worker.shutdownNow();
        }
    }

    /** Stops consuming; an evaluation in progress is abandoned uncommitted (its candidate is read again). */
    public void stop() {
        stopRequested.set(true);
        running.set(false);
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flowControl(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> assigned = kafka.assignment();
        if (queue.size() >= maxQueued) {
            kafka.pause(assigned);
        } else if (!kafka.paused().isEmpty()) {
            kafka.resume(kafka.paused());
        }
    }

    private void startNext() {
        if (inFlight != null) {
            return;
        }
        queue.poll().ifPresent(next -> {
            inFlightCandidate = next.candidate();
            inFlight = worker.submit(() -> processor.process(next));
        });
    }

    private void finishInFlight() {
        if (inFlight == null || !inFlight.isDone()) {
            return;
        }
        QueuedCandidate done = inFlightCandidate;
        try {
            inFlight.get();
            TopicPartition tp = new TopicPartition(Topics.ADAPTERS_CANDIDATES, done.partition());
            if (owned.contains(tp)) {
                toCommit.put(tp, new OffsetAndMetadata(done.offset() + 1));
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof StoppedException)) {
                // The processor turns every failure into a decision or a retry; reaching here is a bug. The candidate is
                // not committed, so the restarted service decides it.
                LOG.errorf(e.getCause(), "deciding the candidate at partition %d offset %d failed; stopping the consumer",
                        done.partition(), done.offset());
                failure = "deciding the candidate at partition " + done.partition() + " offset " + done.offset()
                        + " failed: " + e.getCause();
                running.set(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        } finally {
            inFlight = null;
            inFlightCandidate = null;
        }
    }

    /** Commits what has been decided; a failed commit is retried next time round (commits are cumulative). */
    private void commit(KafkaConsumer<String, byte[]> kafka) {
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            kafka.commitSync(Map.copyOf(toCommit), Duration.ofSeconds(5));
            toCommit.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("cannot commit decided candidates (%s); retrying", e.getMessage());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> kafka;

        Rebalance(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(kafka);
            partitions.forEach(toCommit::remove);
            owned.removeAll(partitions);
            queue.dropPartitions(partitions.stream().map(TopicPartition::partition).toList());
            if (inFlightCandidate != null && partitions.stream().anyMatch(p -> p.partition() == inFlightCandidate.partition())) {
                LOG.infof("partition %d revoked while its candidate at offset %d is being evaluated: its new owner will "
                        + "publish the same recorded decision", inFlightCandidate.partition(), inFlightCandidate.offset());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owned.addAll(partitions);
            if (!partitions.isEmpty()) {
                LOG.infof("candidates partitions assigned: %s", partitions.stream().map(TopicPartition::partition).sorted().toList());
            }
        }
    }
}
