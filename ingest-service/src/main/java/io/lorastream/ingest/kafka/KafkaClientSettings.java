package io.lorastream.ingest.kafka;

import io.lorastream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds the properties of every Kafka client of the service from {@link IngestConfig}. */
@ApplicationScoped
public class KafkaClientSettings {

    private final IngestConfig.Kafka config;

    public KafkaClientSettings(IngestConfig config) {
        this.config = config.kafka();
    }

    /**
     * The example producer: acks from every in-sync replica and idempotence, so an acknowledged
     * example survives a broker failure and a retried send is never written twice.
     */
    public Properties producer() {
        Properties props = common();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(config.linger().toMillis()));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        int delivery = (int) config.deliveryTimeout().toMillis();
        int request = Math.max(1000, Math.min(30_000, delivery / 2));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(request));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(delivery, request + 2)));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.maxBlock().toMillis()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "lorastream-ingest-producer");
        return props;
    }

    /**
     * A consumer that reads without a group (partitions assigned by hand): for the tasks topic and
     * the dedup restore, which must always read from a fixed position, never from committed offsets.
     */
    public Properties reader(String clientId) {
        Properties props = common();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** The feedback consumer: a group member that commits only after its records are handled. */
    public Properties groupConsumer(String groupId, int maxPollRecords) {
        Properties props = reader("lorastream-ingest-feedback");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Admin client for health checks. */
    public Properties admin() {
        Properties props = common();
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "lorastream-ingest-health");
        return props;
    }

    public int retryAfterSeconds() {
        return config.retryAfterSeconds();
    }

    /** How long to wait for acknowledgements: beyond the delivery timeout, so every write has an outcome. */
    public long ackWaitMillis() {
        return config.deliveryTimeout().toMillis() + config.maxBlock().toMillis() + 2_000;
    }

    private Properties common() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        props.putAll(config.clientProperties());
        return props;
    }
}
