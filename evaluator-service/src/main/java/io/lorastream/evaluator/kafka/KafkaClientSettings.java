package io.lorastream.evaluator.kafka;

import io.lorastream.evaluator.config.EvaluatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds the properties of every Kafka client of the service from {@link EvaluatorConfig}. */
@ApplicationScoped
public class KafkaClientSettings {

    private final EvaluatorConfig.Kafka config;
    private final int maxQueued;

    public KafkaClientSettings(EvaluatorConfig config) {
        this.config = config.kafka();
        this.maxQueued = config.queue().maxQueued();
    }

    /**
     * The decision producer: acks from every in-sync replica and idempotence, so an acknowledged decision
     * survives a broker failure and a retried send is not written twice.
     */
    public Properties producer() {
        Properties props = common("lorastream-evaluator-decisions");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        int delivery = (int) config.deliveryTimeout().toMillis();
        int request = Math.max(1000, Math.min(30_000, delivery / 2));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(request));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(delivery, request + 2)));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.maxBlock().toMillis()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** How long to wait for a decision's acknowledgement: beyond the delivery timeout, so every send has an outcome. */
    public long ackWaitMillis() {
        return config.deliveryTimeout().toMillis() + config.maxBlock().toMillis() + 2_000;
    }

    /**
     * A consumer without a group (partitions assigned by hand): for the compacted topics and the held-out examples,
     * which are always read from a fixed position (the beginning or a checkpoint), never from committed offsets.
     */
    public Properties reader(String clientId) {
        Properties props = common(clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * The candidates consumer: a group member that commits a candidate's offset only once its decision is
     * acknowledged. Small polls: a candidate takes seconds to judge, so reading far ahead gains nothing.
     */
    public Properties candidates() {
        Properties props = reader("lorastream-evaluator-candidates");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.max(1, Math.min(50, maxQueued))));
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(config.maxPollInterval().toMillis()));
        return props;
    }

    /** Admin client for health checks. */
    public Properties admin() {
        Properties props = common("lorastream-evaluator-health");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        return props;
    }

    private Properties common(String clientId) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.putAll(config.clientProperties());
        return props;
    }
}
