package io.lorastream.evaluator.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/** Partition lookups and positions that wait out an unreachable broker instead of failing. */
final class KafkaWaits {

    private static final Logger LOG = Logger.getLogger(KafkaWaits.class);

    private KafkaWaits() {
    }

    /** The topic's partitions, waiting while it does not exist or the broker does not answer; empty once stopped. */
    static List<TopicPartition> awaitPartitions(KafkaConsumer<?, ?> kafka, String topic, AtomicBoolean running) {
        while (running.get()) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                            .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
                }
                LOG.warnf("topic %s does not exist yet; waiting for it", topic);
            } catch (TimeoutException e) {
                LOG.warnf("Kafka unreachable while looking up %s; retrying", topic);
            }
            pause(1000);
        }
        return List.of();
    }

    /** The end offsets, waiting while the broker does not answer; empty once stopped. */
    static Map<TopicPartition, Long> endOffsets(KafkaConsumer<?, ?> kafka, List<TopicPartition> partitions,
                                               AtomicBoolean running) {
        while (running.get()) {
            try {
                return kafka.endOffsets(partitions, Duration.ofSeconds(5));
            } catch (TimeoutException e) {
                LOG.warnf("Kafka unreachable while reading end offsets; retrying");
                pause(1000);
            }
        }
        return Map.of();
    }

    /** True when the consumer's position has reached every given offset; false while the broker does not answer. */
    static boolean reached(KafkaConsumer<?, ?> kafka, Map<TopicPartition, Long> ends) {
        try {
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                if (kafka.position(end.getKey(), Duration.ofSeconds(5)) < end.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
