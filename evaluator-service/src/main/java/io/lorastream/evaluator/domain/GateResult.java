package io.lorastream.evaluator.domain;

import io.lorastream.contracts.CheckResult;
import java.util.List;
import java.util.Map;

/**
 * What the gate found.
 *
 * @param checks every check it applied, in order
 * @param candidateMetrics the candidate's metrics by {@code <set>.<metric>}, plus the comparison statistics
 *     ({@code holdout.<metric>.difference}, its bootstrap bounds, McNemar's p-value)
 * @param referenceMetrics the reference model's metrics on the same items
 * @param maxClassRecallDrop per forgetting set ({@code retention}, {@code golden}), the largest per-class
 *     recall drop among classes with enough support (0 when none dropped)
 */
public record GateResult(List<CheckResult> checks, Map<String, Double> candidateMetrics,
                         Map<String, Double> referenceMetrics, Map<String, Double> maxClassRecallDrop) {

    public GateResult {
        checks = List.copyOf(checks);
        candidateMetrics = Map.copyOf(candidateMetrics);
        referenceMetrics = Map.copyOf(referenceMetrics);
        maxClassRecallDrop = Map.copyOf(maxClassRecallDrop);
    }
}
