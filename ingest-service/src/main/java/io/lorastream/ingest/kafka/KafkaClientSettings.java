package io.lorastream.ingest.kafka;

import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.servicekit.kafka.KafkaClientProperties;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ingest-service's Kafka clients: the roles every service shares come from the service-kit's
 * {@link KafkaClientProperties}; this class adds only what is the ingest's own (producer batching and
 * compression, the feedback group and its poll size, the client ids).
 */
@ApplicationScoped
public class KafkaClientSettings {

    private final IngestConfig.Kafka config;
    private final KafkaClientProperties kit;

    public KafkaClientSettings(IngestConfig config) {
        this.config = config.kafka();
        this.kit = new KafkaClientProperties(this.config);
    }

    /**
     * The example producer: acks from every in-sync replica and idempotence, so an acknowledged
     * example survives a broker failure and a retried send is never written twice; batching and
     * compression as configured (see {@link IngestConfig.Kafka#batchSize()} for why batches are large).
     */
    public Properties producer() {
        Properties props = kit.producer("lorastream-ingest-producer", config.deliveryTimeout(), config.maxBlock(),
                config.linger());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(config.batchSize()));
        return props;
    }

    /**
     * A consumer that reads without a group (partitions assigned by hand): for the tasks topic and
     * the dedup restore, which must always read from a fixed position, never from committed offsets.
     */
    public Properties reader(String clientId) {
        return kit.reader(clientId);
    }

    /** The feedback consumer: a group member that commits only after its records are handled. */
    public Properties groupConsumer(String groupId, int maxPollRecords) {
        Properties props = kit.reader("lorastream-ingest-feedback");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        // The key is checked against the task-id rule before it is trusted as text.
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Admin client for health checks. */
    public Properties admin() {
        return kit.admin("lorastream-ingest-health", Duration.ofSeconds(3));
    }

    public int retryAfterSeconds() {
        return config.retryAfterSeconds();
    }

    /** How long to wait for acknowledgements: beyond the delivery timeout, so every write has an outcome. */
    public long ackWaitMillis() {
        return config.deliveryTimeout().toMillis() + config.maxBlock().toMillis() + 2_000;
    }
}
