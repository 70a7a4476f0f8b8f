package io.lorastream.evaluator;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.GateSettings;
import io.lorastream.evaluator.domain.RetryPolicy;
import io.lorastream.evaluator.domain.SetLimits;
import io.lorastream.evaluator.kafka.KafkaClientSettings;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI producers for the plain domain objects and the followed compacted topics, built from {@link EvaluatorConfig}. */
@ApplicationScoped
public class EvaluatorCore {

    /** The task specs of {@code lorastream.tasks}, latest valid spec per task; started by the lifecycle. */
    @Produces
    @Singleton
    CompactedTopicFollower<TaskSpec> taskSpecs(KafkaClientSettings kafka) {
        return new CompactedTopicFollower<>(Topics.TASKS, kafka.reader("lorastream-evaluator-tasks"),
                (key, bytes) -> ContractJson.fromBytes(bytes, TaskSpec.class), TaskSpec::task);
    }

    /** The champions of {@code lorastream.adapters.champions}, latest valid one per task; started by the lifecycle. */
    @Produces
    @Singleton
    CompactedTopicFollower<ChampionEvent> champions(KafkaClientSettings kafka) {
        return new CompactedTopicFollower<>(Topics.ADAPTERS_CHAMPIONS, kafka.reader("lorastream-evaluator-champions"),
                (key, bytes) -> ContractJson.fromBytes(bytes, ChampionEvent.class), ChampionEvent::task);
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
