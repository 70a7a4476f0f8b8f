package io.lorastream.servicekit.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Follows one compacted topic (task specs, champions) from its beginning for as long as the service
 * runs, keeping the latest decoded value per key ({@link CompactedRecords} rules, on a
 * {@link TopicFollower}). A value that does not decode, or whose own key differs from its record's,
 * is logged and skipped: the previous value of the key stays.
 *
 * @param <V> the value type
 */
public final class CompactedTopicFollower<V> implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final BiFunction<String, byte[], V> decoder;
    private final Function<V, String> keyOf;
    private final Map<String, V> latest = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    /**
     * @param consumerProps a group-less reader ({@link KafkaClientProperties#reader})
     * @param decoder       decodes a record's value (given its key); throws an {@link IllegalArgumentException}
     *                      (e.g. {@code ContractViolationException}) for a value that is not valid
     * @param keyOf         the key a value must have been published under (a mismatching record is skipped)
     */
    public CompactedTopicFollower(String topic, Properties consumerProps, BiFunction<String, byte[], V> decoder,
                                  Function<V, String> keyOf) {
        this.decoder = decoder;
        this.keyOf = keyOf;
        this.follower = new TopicFollower(topic, consumerProps, Map.of(topic, new CompactedRecords(new Sink())),
                POLL_TIMEOUT);
    }

    /** The latest value of {@code key}, if the topic has one. */
    public Optional<V> find(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** A snapshot of every key's latest value. */
    public Map<String, V> all() {
        return Map.copyOf(latest);
    }

    /** Waits until every record on the topic at start-up has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /** True once every record on the topic at start-up has been read. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    @Override
    public void run() {
        follower.run();
    }

    /** Stops following; safe to call from any thread. */
    public void stop() {
        follower.stop();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private final class Sink implements CompactedRecords.Sink {
        @Override
        public void put(ConsumerRecord<String, byte[]> record) {
            try {
                V value = decoder.apply(record.key(), record.value());
                String own = keyOf.apply(value);
                if (!record.key().equals(own)) {
                    LOG.warnf("ignoring record at %s-%d@%d: key '%s' differs from its value's '%s'", record.topic(),
                            record.partition(), record.offset(), record.key(), own);
                    return;
                }
                latest.put(record.key(), value);
            } catch (IllegalArgumentException e) { // ContractViolationException included
                LOG.warnf("ignoring invalid record at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }

        @Override
        public void remove(String key) {
            latest.remove(key);
        }
    }
}
