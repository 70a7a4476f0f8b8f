package io.lorastream.trainer.kafka;

import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import io.lorastream.servicekit.kafka.KafkaClientProperties;
import io.lorastream.trainer.config.TrainerConfig;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/** Builds the properties of every Kafka client of the trainer from {@link TrainerConfig}. */
public final class KafkaClientSettings {

    /** Kafka's own default since 4.0; the trainer never set one, and announcements are not latency-bound. */
    private static final Duration PRODUCER_LINGER = Duration.ofMillis(5);
    private static final Duration PRODUCER_MAX_BLOCK = Duration.ofSeconds(5);

    private final TrainerConfig.Kafka config;
    private final KafkaClientProperties clients;

    public KafkaClientSettings(TrainerConfig.Kafka config) {
        this.config = config;
        this.clients = new KafkaClientProperties(config);
    }

    /**
     * The examples consumer: a group member that never auto-commits (offsets advance only past
     * finished windows) and reads only committed records. Cooperative rebalancing keeps the tasks of
     * partitions that stay put training through a rebalance.
     */
    public Properties examplesConsumer() {
        Properties props = clients.reader("lorastream-trainer-examples");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return props;
    }

    /** A reader of a compacted topic from its beginning, without a group (see {@link CompactedTopicFollower}). */
    public Properties reader(String clientId) {
        return clients.reader(clientId);
    }

    /** The candidate producer: acks from every in-sync replica and idempotence, within the ack timeout. */
    public Properties producer() {
        return clients.producer("lorastream-trainer-candidates", config.ackTimeout(), PRODUCER_MAX_BLOCK,
                PRODUCER_LINGER);
    }

    /** Admin client for health checks. */
    public Properties admin() {
        return clients.admin("lorastream-trainer-health", Duration.ofSeconds(3));
    }
}
