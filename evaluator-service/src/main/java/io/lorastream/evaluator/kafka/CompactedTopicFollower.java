package io.lorastream.evaluator.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows a compacted topic (task specs, champions) from its beginning for as long as the service runs, handing
 * every record to a {@link Sink}. Reads without a consumer group: a committed offset would skip the replay that
 * rebuilds the state after a restart.
 */
public final class CompactedTopicFollower implements Runnable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicFollower.class);

    /** Receives the records: the latest value per key wins, a null value removes the key. */
    public interface Sink {
        void put(ConsumerRecord<String, byte[]> record);

        void remove(String key);
    }

    private final String topic;
    private final Properties consumerProps;
    private final Sink sink;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, byte[]> consumer;

    public CompactedTopicFollower(String topic, Properties consumerProps, Sink sink) {
        this.topic = topic;
        this.consumerProps = consumerProps;
        this.sink = sink;
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
            List<TopicPartition> partitions = KafkaWaits.awaitPartitions(kafka, topic, running);
            if (partitions.isEmpty()) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = KafkaWaits.endOffsets(kafka, partitions, running);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    if (record.key() == null) {
                        LOG.warnf("ignoring keyless record at %s-%d@%d", record.topic(), record.partition(), record.offset());
                    } else if (record.value() == null) {
                        sink.remove(record.key());
                    } else {
                        sink.put(record);
                    }
                }
                if (!isCaughtUp() && KafkaWaits.reached(kafka, endAtStart)) {
                    LOG.infof("%s read to the end", topic);
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
}
