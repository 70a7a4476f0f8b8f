package io.lorastream.registry.kafka;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.Topics;
import io.lorastream.registry.domain.DecisionOutcome;
import io.lorastream.registry.domain.PromotionService;
import io.lorastream.registry.domain.RetriableException;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import io.lorastream.store.ObjectStoreException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Hands every decision of the evaluator to {@link PromotionService}, as a member of the registry's
 * consumer group: the group gives each partition (and so each task) to one replica, so one replica
 * handles a given decision while the others learn its result from the champions topic and S3.
 *
 * <p>A decision's offset is committed only once its outcome is durable (champion change acknowledged
 * by Kafka, or outcome written to S3). When S3 or Kafka fails the poll is rewound to the first
 * unhandled decision and tried again after a pause; if the replica dies instead, the decision goes
 * to another replica, which recognizes whatever was already done.
 *
 * <p>After every poll it publishes its lag per owned partition (decisions not read yet); the decisions of a poll
 * rewound after a failure count as unread again while it waits to retry them.
 */
public final class DecisionConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DecisionConsumer.class);

    private final Properties consumerProps;
    private final PromotionService promotions;
    private final Duration retryBackoff;
    private final Consumer<String> invalidRecord;
    private final ConsumerLagGauges lag;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, byte[]> consumer;

    public DecisionConsumer(Properties consumerProps, PromotionService promotions, Duration retryBackoff,
                            Consumer<String> invalidRecord, ConsumerLagGauges lag) {
        this.consumerProps = consumerProps;
        this.lag = lag;
        this.promotions = promotions;
        this.retryBackoff = retryBackoff;
        this.invalidRecord = invalidRecord;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps)) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.ADAPTERS_DECISIONS));
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(500));
                lag.update(kafka);
                if (!records.isEmpty() && !handle(kafka, records)) {
                    lag.update(kafka);
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("the decisions consumer stopped", e);
            throw e;
        } finally {
            lag.close();
        }
    }

    /** Handles a poll in order; false when it stopped at a retriable failure (the poll was rewound). */
    private boolean handle(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> nextToHandle = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            nextToHandle.put(partition, records.records(partition).get(0).offset());
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            try {
                handle(record);
            } catch (RetriableException | ObjectStoreException e) {
                if (e instanceof ObjectStoreException store && !store.isRetriable()) {
                    throw store;
                }
                LOG.warnf("decision at %s-%d@%d not handled yet (%s); retrying in %d ms", record.topic(),
                        record.partition(), record.offset(), e.getMessage(), retryBackoff.toMillis());
                nextToHandle.forEach(kafka::seek);
                return false;
            }
            nextToHandle.put(partition, record.offset() + 1);
            commit(kafka, partition, record.offset() + 1);
        }
        return true;
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        DecisionEvent decision;
        try {
            decision = ContractJson.fromBytes(record.value(), DecisionEvent.class);
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.errorf("skipping decision at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            invalidRecord.accept(record.topic());
            return;
        }
        DecisionOutcome outcome = promotions.handle(decision);
        LOG.infof("decision on %s of task %s: %s%s", decision.candidateVersion(), decision.task(), outcome.outcome(),
                outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
    }

    private static void commit(KafkaConsumer<String, byte[]> kafka, TopicPartition partition, long next) {
        try {
            kafka.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        } catch (KafkaException e) {
            // The outcome is durable; a replica that handles this decision again recognizes it.
            LOG.warnf("could not commit %s@%d (%s); the decision may be seen again, which is harmless", partition, next,
                    e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryBackoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }
}
