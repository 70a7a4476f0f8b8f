package io.lorastream.servicekit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads one or more topics from their beginning for as long as the service runs, handing every record
 * to the handler of its topic: how a stateless service rebuilds its state (task specs, champions, a
 * registry view) at start and keeps it current. Reads without a consumer group, every partition
 * assigned by hand: a committed offset would skip the replay that rebuilds the state after a restart.
 * One consumer and one thread (the one that calls {@link #run}) for all topics.
 *
 * <p>It waits out topics that do not exist yet and a broker that is away, both at start and while
 * looking up where the topics ended at start ({@link #isCaughtUp()}). A handler that throws loses only
 * its record (logged, skipped): one bad record must not stop a service from following its topics.
 */
public final class TopicFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(10);
    private static final long RETRY_PAUSE_MILLIS = 1000;

    private final String name;
    private final Properties consumerProps;
    private final Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers;
    private final Duration pollTimeout;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Next offset to read per partition, as far as the handlers have applied. */
    private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param name          what is being followed, for the logs (e.g. {@code "registry view"})
     * @param consumerProps a group-less reader ({@link KafkaClientProperties#reader})
     * @param handlers      topic → what to do with each of its records (tombstones included); called on the
     *                      follower's thread, so a handler must not wait for this follower's progress
     * @param pollTimeout   how long one poll waits; also how often waiters see progress
     */
    public TopicFollower(String name, Properties consumerProps,
                         Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers, Duration pollTimeout) {
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException("handlers: at least one topic to follow is required");
        }
        this.name = name;
        this.consumerProps = consumerProps;
        this.handlers = Map.copyOf(handlers);
        this.pollTimeout = pollTimeout;
    }

    /** True once every record the topics held at start-up has been handled. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until every record the topics held at start-up has been handled. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every record below the given offsets has been handled, e.g. the end offsets of a topic
     * right after this replica wrote to it ("read your own write").
     *
     * @param targets partition → the offset the handled position must reach
     * @return false when the deadline passed first
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitApplied(Map<TopicPartition, Long> targets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!reached(targets)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                progress.wait(left);
            }
            return true;
        }
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps)) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            if (partitions.isEmpty()) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = endOffsets(kafka, partitions);
            LOG.infof("%s: reading %s from the beginning", name, handlers.keySet());
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(pollTimeout)) {
                    apply(record);
                }
                for (TopicPartition partition : partitions) {
                    applied.put(partition, kafka.position(partition));
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
                if (!isCaughtUp() && reached(endAtStart)) {
                    LOG.infof("%s: loaded from Kafka", name);
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: stopped following Kafka", name);
            throw e;
        }
    }

    /** Stops following; safe to call from any thread. */
    public void stop() {
        running.set(false);
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            handlers.get(record.topic()).accept(record);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not apply %s-%d@%d; skipped", record.topic(), record.partition(), record.offset());
        }
    }

    private boolean reached(Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (applied.getOrDefault(target.getKey(), -1L) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        while (running.get()) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean complete = true;
            for (String topic : handlers.keySet()) {
                try {
                    List<PartitionInfo> infos = kafka.partitionsFor(topic, LOOKUP_TIMEOUT);
                    if (infos == null || infos.isEmpty()) {
                        LOG.warnf("topic %s does not exist yet; waiting for it", topic);
                        complete = false;
                    } else {
                        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                    }
                } catch (TimeoutException e) {
                    LOG.warnf("Kafka unreachable while looking up %s; retrying", topic);
                    complete = false;
                }
            }
            if (complete) {
                return partitions;
            }
            if (!pause()) {
                return List.of();
            }
        }
        return List.of();
    }

    private Map<TopicPartition, Long> endOffsets(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        while (running.get()) {
            try {
                return kafka.endOffsets(partitions, END_OFFSETS_TIMEOUT);
            } catch (TimeoutException e) {
                LOG.warnf("Kafka unreachable while looking up the end offsets of %s; retrying", handlers.keySet());
            }
        }
        return Map.of();
    }

    /** False when interrupted: the caller stops instead of retrying. */
    private static boolean pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
