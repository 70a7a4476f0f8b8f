package io.lorastream.evaluator.kafka;

import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.servicekit.kafka.KafkaClientProperties;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The evaluator's Kafka client roles (the decision producer, the candidates group, group-less readers, the health
 * admin client) over the kit's {@link KafkaClientProperties}, from {@link EvaluatorConfig}.
 */
@ApplicationScoped
public class KafkaClientSettings {

    private final EvaluatorConfig.Kafka config;
    private final int maxQueued;
    private final KafkaClientProperties clients;

    public KafkaClientSettings(EvaluatorConfig config) {
        this.config = config.kafka();
        this.maxQueued = config.queue().maxQueued();
        this.clients = new KafkaClientProperties(config.kafka());
    }

    /**
     * The decision producer: acks from every in-sync replica and idempotence, so an acknowledged decision
     * survives a broker failure and a retried send is not written twice. No linger: a decision is one record
     * its evaluation waits for.
     */
    public Properties producer() {
        return clients.producer("lorastream-evaluator-decisions", config.deliveryTimeout(), config.maxBlock(),
                Duration.ZERO);
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
        return clients.reader(clientId);
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

    /** Admin client for health checks: its calls give up after 3 s, so a check answers in time. */
    public Properties admin() {
        return clients.admin("lorastream-evaluator-health", Duration.ofSeconds(3));
    }
}
