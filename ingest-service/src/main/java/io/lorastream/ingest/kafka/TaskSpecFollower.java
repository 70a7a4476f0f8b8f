package io.lorastream.ingest.kafka;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ContractViolationException;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.domain.TaskCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows the compacted tasks topic from its beginning for as long as the service runs, keeping
 * the {@link TaskCatalog} current. Reads without a consumer group: a committed offset would skip
 * the replay that rebuilds the catalog after a restart.
 */
public final class TaskSpecFollower implements Runnable {

    private static final Logger LOG = Logger.getLogger(TaskSpecFollower.class);

    private final Properties consumerProps;
    private final TaskCatalog catalog;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, byte[]> consumer;

    public TaskSpecFollower(Properties consumerProps, TaskCatalog catalog) {
        this.consumerProps = consumerProps;
        this.catalog = catalog;
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
                    LOG.infof("task catalog loaded: %d tasks", catalog.all().size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("task spec follower stopped", e);
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
                List<PartitionInfo> infos = kafka.partitionsFor(Topics.TASKS, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                }
                LOG.warnf("topic %s does not exist yet; waiting for it", Topics.TASKS);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("Kafka unreachable while looking up %s; retrying", Topics.TASKS);
            }
            Pause.millis(1000);
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
        if (record.value() == null) {
            if (record.key() != null) {
                catalog.remove(record.key());
                LOG.infof("task %s removed", record.key());
            }
            return;
        }
        try {
            TaskSpec spec = ContractJson.fromBytes(record.value(), TaskSpec.class);
            if (record.key() != null && !record.key().equals(spec.task())) {
                LOG.warnf("ignoring task spec at %s-%d@%d: key '%s' differs from task '%s'", record.topic(),
                        record.partition(), record.offset(), record.key(), spec.task());
                return;
            }
            catalog.put(spec);
        } catch (ContractViolationException e) {
            LOG.warnf("ignoring invalid task spec at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }
}
