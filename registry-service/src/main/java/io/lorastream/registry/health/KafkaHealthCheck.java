package io.lorastream.registry.health;

import io.lorastream.registry.kafka.KafkaClientSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers: without it no champion change can be made or seen. */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements HealthCheck {

    private final Admin admin;

    public KafkaHealthCheck(KafkaClientSettings settings) {
        this.admin = Admin.create(settings.admin("health"));
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int brokers = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            return HealthCheckResponse.named("kafka").status(brokers > 0).withData("brokers", brokers).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.named("kafka").down()
                    .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
