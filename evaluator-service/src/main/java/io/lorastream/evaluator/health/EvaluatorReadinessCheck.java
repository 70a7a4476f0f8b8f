package io.lorastream.evaluator.health;

import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.kafka.EvaluatorLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once task specs, champions and the evaluation sets are loaded and candidates are being consumed. */
@Readiness
@ApplicationScoped
public class EvaluatorReadinessCheck implements HealthCheck {

    private final EvaluatorLifecycle lifecycle;
    private final EvaluationSets sets;

    public EvaluatorReadinessCheck(EvaluatorLifecycle lifecycle, EvaluationSets sets) {
        this.lifecycle = lifecycle;
        this.sets = sets;
    }

    @Override
    public HealthCheckResponse call() {
        String reason = lifecycle.notReadyReason();
        return HealthCheckResponse.named("evaluator-startup")
                .status(reason == null)
                .withData("state", reason == null ? "ready" : reason)
                .withData("tasksWithHeldOutData", sets.tasks().size())
                .build();
    }
}
