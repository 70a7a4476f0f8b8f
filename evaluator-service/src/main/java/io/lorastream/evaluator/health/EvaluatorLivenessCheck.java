package io.lorastream.evaluator.health;

import io.lorastream.evaluator.kafka.EvaluatorLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down once the candidates consumer has ended on its own: nothing but a restart makes such a process decide again.
 * Never down during start-up (restoring the sets can take long) or because Kafka or S3 is away (that is readiness).
 */
@Liveness
@ApplicationScoped
public class EvaluatorLivenessCheck implements HealthCheck {

    private final EvaluatorLifecycle lifecycle;

    public EvaluatorLivenessCheck(EvaluatorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        String failure = lifecycle.consumerFailure();
        return HealthCheckResponse.named("evaluator-candidates-consumer").status(failure == null)
                .withData("state", failure == null ? "running or starting" : failure).build();
    }
}
