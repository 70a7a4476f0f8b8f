package io.lorastream.evaluator.domain;

import io.lorastream.contracts.DecisionEvent;
import java.util.Map;

/**
 * A decision and what it cost.
 *
 * @param decision the verdict with its evidence
 * @param maxClassRecallDrop per forgetting set, the largest per-class recall drop (empty when the gate did not run)
 * @param candidateScoring items the candidate scored and how long it took
 * @param referenceScoring items the reference model scored (prediction-cache hits included) and how long it took
 */
public record Judgement(DecisionEvent decision, Map<String, Double> maxClassRecallDrop, Scoring candidateScoring,
                        Scoring referenceScoring) {

    /** Items scored by one model and the wall time it took. */
    public record Scoring(int items, long nanos) {
        public static final Scoring NONE = new Scoring(0, 0);
    }

    public Judgement {
        maxClassRecallDrop = Map.copyOf(maxClassRecallDrop);
    }

    /** A decision reached without running any model. */
    public static Judgement withoutScoring(DecisionEvent decision) {
        return new Judgement(decision, Map.of(), Scoring.NONE, Scoring.NONE);
    }
}
