package io.lorastream.servicekit.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka client properties every lorastream service builds the same way: string keys (the task
 * id), byte values (contract JSON). A service's own settings class adds what is particular to one
 * role (group, poll sizes, assignment strategy) on top of these.
 *
 * <p>The order is deliberate: the connection's {@link KafkaConnection#clientProperties()} may
 * override the bootstrap servers, the client id and the reconnect back-off, but not what a role
 * needs to be correct (acks, idempotence, isolation, offsets, serializers).
 */
public final class KafkaClientProperties {

    /** Longest back-off between reconnects: a broker that comes back is seen within seconds. */
    static final String RECONNECT_BACKOFF_MAX_MS = "2000";

    private final KafkaConnection connection;
    private final String clientIdSuffix;

    /**
     * @param clientIdSuffix appended to every client id, e.g. {@code "-" + replicaId} to tell replicas
     *                       apart in broker logs and metrics; empty for none
     */
    public KafkaClientProperties(KafkaConnection connection, String clientIdSuffix) {
        this.connection = connection;
        this.clientIdSuffix = clientIdSuffix;
    }

    /** With no client id suffix. */
    public KafkaClientProperties(KafkaConnection connection) {
        this(connection, "");
    }

    /** Connection, client id and reconnect back-off, then the configured extra properties. */
    public Properties common(String clientId) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + clientIdSuffix);
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
        props.putAll(connection.clientProperties());
        return props;
    }

    /**
     * A consumer that never commits and reads only committed records from the earliest offset. Without
     * a group it is a reader of partitions assigned by hand, which a committed offset could never make
     * skip a replay (see {@link TopicFollower}); with a {@code group.id} added it is a group member that
     * commits by hand once its records are handled.
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
     * A producer with acks from every in-sync replica and idempotence, so an acknowledged record survives
     * a broker failure and a retried send is not written twice. A request waits at most half the delivery
     * timeout (between 1 s and 30 s), so a send is retried at least once before it fails; the delivery
     * timeout is raised to what Kafka requires ({@code >= request.timeout.ms + linger.ms}) when it is shorter.
     *
     * @param deliveryTimeout upper bound on the time to learn a send's outcome ({@code delivery.timeout.ms})
     * @param maxBlock        longest a send may block for metadata while the broker is away ({@code max.block.ms})
     * @param linger          how long a batch waits for more records ({@code linger.ms})
     */
    public Properties producer(String clientId, Duration deliveryTimeout, Duration maxBlock, Duration linger) {
        Properties props = common(clientId);
        long delivery = deliveryTimeout.toMillis();
        long request = Math.max(1000, Math.min(30_000, delivery / 2));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger.toMillis()));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(delivery, request + linger.toMillis())));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMillis()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * An admin client (health checks, offset look-ups) whose requests give up after 3 s, so a health check
     * answers "down" in time instead of hanging while the broker is away.
     *
     * @param apiTimeout bound of one admin call including its retries ({@code default.api.timeout.ms})
     */
    public Properties admin(String clientId, Duration apiTimeout) {
        Properties props = common(clientId);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(apiTimeout.toMillis()));
        return props;
    }
}
