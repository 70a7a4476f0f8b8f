package io.lorastream.trainer.health;

import io.lorastream.store.ObjectStore;
import io.lorastream.trainer.TrainerLifecycle;
import io.lorastream.trainer.kafka.KafkaClientSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the trainer: Kafka and the object store answer, and the catalogs are loaded. */
@ApplicationScoped
public class TrainerHealthChecks {

    private final AdminClient admin;
    private final ObjectStore objects;
    private final TrainerLifecycle lifecycle;

    public TrainerHealthChecks(KafkaClientSettings settings, ObjectStore objects, TrainerLifecycle lifecycle) {
        this.admin = AdminClient.create(settings.admin());
        this.objects = objects;
        this.lifecycle = lifecycle;
    }

    @Readiness
    HealthCheck kafka() {
        return () -> {
            try {
                int brokers = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
                return HealthCheckResponse.named("kafka").up().withData("brokers", brokers).build();
            } catch (Exception e) {
                return HealthCheckResponse.named("kafka").down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Readiness
    HealthCheck objectStore() {
        return () -> objects.isReachable()
                ? HealthCheckResponse.named("s3").up().withData("bucket", objects.bucket()).build()
                : HealthCheckResponse.named("s3").down().withData("bucket", objects.bucket()).build();
    }

    @Readiness
    HealthCheck startup() {
        return () -> {
            String problem = lifecycle.startupProblem();
            return problem == null ? HealthCheckResponse.named("trainer-startup").up().build()
                    : HealthCheckResponse.named("trainer-startup").down().withData("state", problem).build();
        };
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
