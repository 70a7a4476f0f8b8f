package io.lorastream.registry.health;

import io.lorastream.registry.domain.ChampionBoard;
import io.lorastream.registry.domain.TaskCatalog;
import io.lorastream.registry.kafka.RegistryLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the view (tasks, candidates, decisions, champions) has been read from Kafka. */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {

    private final RegistryLifecycle lifecycle;
    private final TaskCatalog tasks;
    private final ChampionBoard champions;

    public RegistryReadinessCheck(RegistryLifecycle lifecycle, TaskCatalog tasks, ChampionBoard champions) {
        this.lifecycle = lifecycle;
        this.tasks = tasks;
        this.champions = champions;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = lifecycle.isReady();
        return HealthCheckResponse.named("registry-view").status(ready)
                .withData("state", ready ? "ready" : "loading the view from Kafka")
                .withData("tasks", tasks.all().size())
                .withData("champions", champions.all().size())
                .build();
    }
}
