package io.lorastream.registry.kafka;

import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.servicekit.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Builds the properties of every Kafka client of the registry from {@link RegistryConfig}. */
public final class KafkaClientSettings {

    private final RegistryConfig.Kafka config;
    /** Tells this replica's clients apart in broker logs and metrics. */
    private final String replicaId = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaClientProperties clients;

    public KafkaClientSettings(RegistryConfig.Kafka config) {
        this.config = config;
        this.clients = new KafkaClientProperties(config, "-" + replicaId);
    }

    public String replicaId() {
        return replicaId;
    }

    /**
     * The producer of task specs and champion changes: acks from every in-sync replica and
     * idempotence, so an acknowledged champion change survives a broker failure and a retried send
     * is not written twice. No linger: a champion change is one record a caller waits for.
     */
    public Properties producer() {
        return clients.producer("lorastream-registry-producer", config.deliveryTimeout(), config.maxBlock(),
                Duration.ZERO);
    }

    /** How long to wait for a write's acknowledgement: beyond the delivery timeout, so every write has an outcome. */
    public long ackWaitMillis() {
        return config.deliveryTimeout().toMillis() + config.maxBlock().toMillis() + 2_000;
    }

    /**
     * A consumer without a group (partitions assigned by hand, read from the beginning): every
     * replica rebuilds its whole view from the topics at start, which a committed offset would skip.
     */
    public Properties reader() {
        return clients.reader("lorastream-registry-view");
    }

    /**
     * The decisions consumer: a member of the registry's group, so each decision is handled by one
     * replica, committing a decision only once its outcome is durable. Few records a poll and a long
     * poll interval: a decision may copy and re-hash large files before the next poll.
     */
    public Properties decisionConsumer() {
        Properties props = reader();
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "lorastream-registry-decisions-" + replicaId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.toString(15 * 60 * 1000));
        return props;
    }

    /** Admin client for offset look-ups and health checks. */
    public Properties admin(String role) {
        return clients.admin("lorastream-registry-" + role, Duration.ofSeconds(5));
    }
}
