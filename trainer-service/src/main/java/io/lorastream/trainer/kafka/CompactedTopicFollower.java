package io.lorastream.trainer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows a compacted topic (task specs, champions) from its beginning for as long as the service
 * runs, keeping the latest value per key. Reads without a consumer group: a committed offset would
 * skip the replay that rebuilds the map after a restart. A tombstone removes its key.
 *
 * @param <V> the value type
 */
public final class CompactedTopicFollower<V> implements Runnable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicFollower.class);

    private final String topic;
    private final Properties consumerProps;
    private final BiFunction<String, byte[], V> decoder;
    private final Function<V, String> keyOf;
    private final Map<String, V> latest = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param decoder decodes a record's value (given its key); throws {@code ContractViolationException}
     *     for a value that is not valid, which is logged and skipped
     * @param keyOf the key a value must have been published under (a mismatching record is skipped)
     */
    public CompactedTopicFollower(String topic, Properties consumerProps, BiFunction<String, byte[], V> decoder,
                                  Function<V, String> keyOf) {
        this.topic = topic;
        this.consumerProps = consumerProps;
        this.decoder = decoder;
        this.keyOf = keyOf;
    }

    public Optional<V> find(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    public Map<String, V> all() {
        return Map.copyOf(latest);
    }

    /** Waits until every record on the topic at start-up has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
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
            Map<TopicPartition, Long> endAtStart = kafka.endOffsets(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (!isCaughtUp() && reached(kafka, endAtStart)) {
                    LOG.infof("%s loaded: %d keys", topic, latest.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "follower of %s stopped", topic);
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

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        while (running.get()) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                }
                LOG.warnf("topic %s does not exist yet; waiting for it", topic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("Kafka unreachable while looking up %s; retrying", topic);
            }
            sleep(1000);
        }
        return List.of();
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warnf("ignoring keyless record at %s-%d@%d", record.topic(), record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        try {
            V value = decoder.apply(record.key(), record.value());
            if (!record.key().equals(keyOf.apply(value))) {
                LOG.warnf("ignoring record at %s-%d@%d: key '%s' differs from its value's '%s'", record.topic(),
                        record.partition(), record.offset(), record.key(), keyOf.apply(value));
                return;
            }
            latest.put(record.key(), value);
        } catch (IllegalArgumentException e) { // ContractViolationException included
            LOG.warnf("ignoring invalid record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
