package io.lorastream.ingest.kafka;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.domain.ContentHasher;
import io.lorastream.ingest.domain.DedupIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Restores the dedup memory after a restart by reading back the tail of every train and holdout
 * partition: Kafka is the record of what was written, so the restored memory is exactly right.
 */
public final class DedupRestorer {

    private static final Logger LOG = Logger.getLogger(DedupRestorer.class);

    private final Properties consumerProps;
    private final DedupIndex dedup;
    private final long recordsPerPartition;

    public DedupRestorer(Properties consumerProps, DedupIndex dedup, long recordsPerPartition) {
        this.consumerProps = consumerProps;
        this.dedup = dedup;
        this.recordsPerPartition = recordsPerPartition;
    }

    /** Reads the tails; returns how many examples were remembered. */
    public long restore() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.EXAMPLES_TRAIN, Topics.EXAMPLES_HOLDOUT)) {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            kafka.assign(partitions);
            Map<TopicPartition, Long> begins = kafka.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                long start = Math.max(begins.get(partition), end - recordsPerPartition);
                if (start < end) {
                    kafka.seek(partition, start);
                    pending.add(partition);
                }
            }
            kafka.assign(pending);
            long restored = 0;
            while (!pending.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    if (remember(record)) {
                        restored++;
                    }
                }
                pending.removeIf(p -> kafka.position(p) >= ends.get(p));
                kafka.assign(pending);
            }
            LOG.infof("dedup memory restored from Kafka: %d examples", restored);
            return restored;
        }
    }

    private boolean remember(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return false;
        }
        try {
            Example example = ContractJson.fromBytes(record.value(), Example.class);
            dedup.remember(example.task(), ContentHasher.dedupKey(example.contentHash()));
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping unreadable example at %s-%d@%d during dedup restore: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return false;
        }
    }
}
