package io.lorastream.registry.kafka;

import io.lorastream.registry.domain.RetriableException;
import io.lorastream.registry.domain.ViewSync;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads the registry's topics from their beginning for as long as the service runs, without a
 * consumer group, and hands every record to the handler of its topic: this is how each stateless
 * replica rebuilds its view (tasks, candidates, decisions, champions) at start and keeps it current.
 * One consumer and one thread for all topics.
 *
 * <p>As a {@link ViewSync} it lets other threads wait until the view includes everything a topic
 * held at the time they asked (its end offsets, looked up with an admin client).
 */
public final class StateFollower implements Runnable, ViewSync, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StateFollower.class);

    private final Properties consumerProps;
    private final Admin admin;
    private final Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Next offset to read per partition, as far as the handlers have applied. */
    private final ConcurrentHashMap<TopicPartition, Long> applied = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param handlers topic → what to do with each of its records; a handler must not throw for bad
     *                 data (it logs and skips), and must not call {@link #catchUp} (same thread)
     */
    public StateFollower(Properties consumerProps, Properties adminProps,
                         Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers) {
        this.consumerProps = consumerProps;
        this.admin = Admin.create(adminProps);
        this.handlers = Map.copyOf(handlers);
    }

    /** True once every record the topics held at start-up has been applied. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
            LOG.infof("loading the registry view from %s", handlers.keySet());
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                for (TopicPartition partition : partitions) {
                    applied.put(partition, kafka.position(partition));
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
                if (!isCaughtUp() && reached(endAtStart)) {
                    LOG.info("registry view loaded from Kafka");
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("the registry view stopped following Kafka", e);
            throw e;
        }
    }

    private Map<TopicPartition, Long> endOffsets(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        while (running.get()) {
            try {
                return kafka.endOffsets(partitions, Duration.ofSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("Kafka unreachable while looking up end offsets; retrying");
            }
        }
        return Map.of();
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

    @Override
    public void catchUp(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> targets = new java.util.HashMap<>();
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            ends.forEach((partition, info) -> targets.put(partition, info.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while looking up the end of " + topic, e);
        } catch (Exception e) {
            throw new RetriableException("cannot look up the end of " + topic + ": " + e, e);
        }
        synchronized (progress) {
            while (!reached(targets)) {
                long left = remainingMillis(deadline);
                if (left <= 0) {
                    throw new RetriableException("the registry view did not reach the end of " + topic + " within "
                            + timeout.toMillis() + " ms", null);
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException("interrupted while waiting for the view of " + topic, e);
                }
            }
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        while (running.get()) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean complete = true;
            for (String topic : handlers.keySet()) {
                try {
                    List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                    if (infos == null || infos.isEmpty()) {
                        LOG.warnf("topic %s does not exist yet; waiting for it", topic);
                        complete = false;
                    } else {
                        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                    }
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    LOG.warnf("Kafka unreachable while looking up %s; retrying", topic);
                    complete = false;
                }
            }
            if (complete) {
                return partitions;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /** Stops following; safe to call from any thread. */
    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        admin.close(Duration.ofSeconds(2));
    }
}
