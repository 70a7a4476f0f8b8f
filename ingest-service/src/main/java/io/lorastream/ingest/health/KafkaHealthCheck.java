package io.lorastream.ingest.health;

import io.lorastream.ingest.kafka.KafkaClientSettings;
import io.lorastream.servicekit.health.KafkaClusterProbe;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers (the kit's {@code kafka} check): without it no example can be acknowledged. */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    private final KafkaClusterProbe probe;

    public KafkaHealthCheck(KafkaClientSettings settings) {
        this.probe = new KafkaClusterProbe(settings.admin());
    }

    @Override
    public HealthCheckResponse call() {
        return probe.check();
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
