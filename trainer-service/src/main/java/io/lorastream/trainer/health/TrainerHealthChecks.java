package io.lorastream.trainer.health;

import io.lorastream.servicekit.health.KafkaClusterProbe;
import io.lorastream.servicekit.health.ObjectStoreProbe;
import io.lorastream.store.ObjectStore;
import io.lorastream.trainer.TrainerLifecycle;
import io.lorastream.trainer.kafka.KafkaClientSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the trainer: Kafka and the object store answer, and the catalogs are loaded. */
@ApplicationScoped
public class TrainerHealthChecks {

    private final KafkaClusterProbe kafka;
    private final ObjectStoreProbe objects;
    private final TrainerLifecycle lifecycle;

    public TrainerHealthChecks(KafkaClientSettings settings, ObjectStore objects, TrainerLifecycle lifecycle) {
        this.kafka = new KafkaClusterProbe(settings.admin());
        this.objects = new ObjectStoreProbe(objects);
        this.lifecycle = lifecycle;
    }

    @Readiness
    HealthCheck kafka() {
        return kafka::check;
    }

    @Readiness
    HealthCheck objectStore() {
        return objects::check;
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
        kafka.close();
    }
}
