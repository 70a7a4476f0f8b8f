package io.lorastream.registry.kafka;

import io.lorastream.registry.config.RegistryConfig;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds the properties of every Kafka client of the registry from {@link RegistryConfig}. */
public final class KafkaClientSettings {

    private final RegistryConfig.Kafka config;
    /** Tells this replica's clients apart in broker logs and metrics. */
    private final String replicaId = UUID.randomUUID().toString().substring(0, 8);

    public KafkaClientSettings(RegistryConfig.Kafka config) {
        this.config = config;
    }

    public String replicaId() {
        return replicaId;
    }

    /**
     * The producer of task specs and champion changes: acks from every in-sync replica and
     * idempotence, so an acknowledged champion change survives a broker failure and a retried send
     * is not written twice.
     */
    public Properties producer() {
        Properties props = common("lorastream-registry-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        int delivery = (int) config.deliveryTimeout().toMillis();
        int request = Math.max(1000, Math.min(30_000, delivery / 2));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(request));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(delivery, request + 2)));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.maxBlock().toMillis()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * A consumer without a group (partitions assigned by hand, read from the beginning): every
     * replica rebuilds its whole view from the topics at start, which a committed offset would skip.
     */
    public Properties reader() {
        Properties props = common("lorastream-registry-view");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
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
        Properties props = common("lorastream-registry-" + role);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        return props;
    }

    private Properties common(String clientId) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + replicaId);
        props.putAll(config.clientProperties());
        return props;
    }
}
