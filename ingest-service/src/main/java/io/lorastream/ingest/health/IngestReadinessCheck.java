package io.lorastream.ingest.health;

import io.lorastream.ingest.domain.TaskCatalog;
import io.lorastream.ingest.kafka.IngestLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the task catalog and the dedup memory have been loaded from Kafka. */
@Readiness
@ApplicationScoped
public class IngestReadinessCheck implements HealthCheck {

    private final IngestLifecycle lifecycle;
    private final TaskCatalog catalog;

    public IngestReadinessCheck(IngestLifecycle lifecycle, TaskCatalog catalog) {
        this.lifecycle = lifecycle;
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        String reason = lifecycle.notReadyReason();
        return HealthCheckResponse.named("ingest-startup")
                .status(reason == null)
                .withData("tasks", catalog.size())
                .withData("state", reason == null ? "ready" : reason)
                .build();
    }
}
