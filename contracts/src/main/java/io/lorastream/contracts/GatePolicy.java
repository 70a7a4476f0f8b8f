package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * The evaluator's thresholds for one task. Every candidate is judged against them and every
 * verdict reports the value it saw next to the threshold it applied.
 *
 * @param metric the metric the gate decides on: {@code macro_f1} or {@code accuracy}
 * @param minMetric quality floor on the held-out window
 * @param maxRegression largest allowed drop of the metric against the champion
 * @param mustImprove require a significant improvement (McNemar's exact test) over the champion
 * @param significanceLevel alpha for McNemar's test in must-improve mode
 * @param maxForgettingDrop largest allowed drop of the metric on the retention and golden sets
 * @param maxClassRecallDrop largest allowed drop of any class's recall on the retention and golden sets
 */
public record GatePolicy(String metric, double minMetric, double maxRegression, boolean mustImprove,
                         double significanceLevel, double maxForgettingDrop, double maxClassRecallDrop) {

    /** Metrics a gate can decide on. */
    public static final Set<String> METRICS = Set.of("macro_f1", "accuracy");

    /** The defaults: macro-F1 at least 0.6, at most 0.01 worse than the champion, forgetting budgets 0.05 and 0.10. */
    public static final GatePolicy DEFAULT = new GatePolicy("macro_f1", 0.6, 0.01, false, 0.05, 0.05, 0.10);

    public GatePolicy {
        Require.notBlank(metric, "gate.metric");
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("gate.metric must be one of " + METRICS + " (was '" + metric + "')");
        }
        Require.between(minMetric, 0.0, 1.0, "gate.minMetric");
        Require.between(maxRegression, 0.0, 1.0, "gate.maxRegression");
        Require.between(significanceLevel, 1e-9, 0.5, "gate.significanceLevel");
        Require.between(maxForgettingDrop, 0.0, 1.0, "gate.maxForgettingDrop");
        Require.between(maxClassRecallDrop, 0.0, 1.0, "gate.maxClassRecallDrop");
    }

    @JsonCreator
    static GatePolicy fromJson(@JsonProperty("metric") String metric,
                               @JsonProperty("minMetric") Double minMetric,
                               @JsonProperty("maxRegression") Double maxRegression,
                               @JsonProperty("mustImprove") Boolean mustImprove,
                               @JsonProperty("significanceLevel") Double significanceLevel,
                               @JsonProperty("maxForgettingDrop") Double maxForgettingDrop,
                               @JsonProperty("maxClassRecallDrop") Double maxClassRecallDrop) {
        return new GatePolicy(
                Require.orDefault(metric, DEFAULT.metric()),
                Require.orDefault(minMetric, DEFAULT.minMetric()),
                Require.orDefault(maxRegression, DEFAULT.maxRegression()),
                Require.orDefault(mustImprove, DEFAULT.mustImprove()),
                Require.orDefault(significanceLevel, DEFAULT.significanceLevel()),
                Require.orDefault(maxForgettingDrop, DEFAULT.maxForgettingDrop()),
                Require.orDefault(maxClassRecallDrop, DEFAULT.maxClassRecallDrop()));
    }
}
