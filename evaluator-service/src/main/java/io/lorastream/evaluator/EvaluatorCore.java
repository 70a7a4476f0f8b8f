package io.lorastream.evaluator;

import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.evaluator.domain.ChampionBoard;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.GateSettings;
import io.lorastream.evaluator.domain.RetryPolicy;
import io.lorastream.evaluator.domain.SetLimits;
import io.lorastream.evaluator.domain.TaskCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI producers for the plain domain objects, built from {@link EvaluatorConfig}. */
@ApplicationScoped
public class EvaluatorCore {

    @Produces
    @Singleton
    TaskCatalog taskCatalog() {
        return new TaskCatalog();
    }

    @Produces
    @Singleton
    ChampionBoard championBoard() {
        return new ChampionBoard();
    }

    @Produces
    @Singleton
    EvaluationSets evaluationSets(EvaluatorConfig config) {
        EvaluatorConfig.Sets sets = config.sets();
        return new EvaluationSets(new SetLimits(sets.windowSize(), sets.retentionSize(), sets.timeSlice()));
    }

    @Produces
    @Singleton
    GateSettings gateSettings(EvaluatorConfig config) {
        EvaluatorConfig.Gate gate = config.gate();
        return new GateSettings(gate.minHoldoutItems(), gate.minClassSupport(), gate.maxPredictedShare(),
                gate.bootstrapResamples(), gate.bootstrapSeed());
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(EvaluatorConfig config) {
        EvaluatorConfig.Retry retry = config.retry();
        return new RetryPolicy(retry.initialBackoff(), retry.maxBackoff(), retry.maxAttempts());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
