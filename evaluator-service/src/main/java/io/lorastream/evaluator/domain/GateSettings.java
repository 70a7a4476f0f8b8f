package io.lorastream.evaluator.domain;

/**
 * The evaluator's own gate settings, the same for every task (the per-task thresholds are the task's
 * {@code GatePolicy}).
 *
 * @param minHoldoutItems fewest held-out items a candidate is judged on; fewer is a rejection
 * @param minClassSupport fewest items of a class in a set before its recall drop counts as forgetting
 * @param maxPredictedShare largest share of items the candidate may give one class before it counts as
 *     collapsed (raised for sets where one class is that common: see {@link Gate})
 * @param bootstrapResamples resamples of the paired bootstrap interval of the metric difference
 * @param bootstrapSeed its seed, so a re-evaluation reports the same interval
 */
public record GateSettings(int minHoldoutItems, int minClassSupport, double maxPredictedShare,
                           int bootstrapResamples, long bootstrapSeed) {

    public GateSettings {
        if (minHoldoutItems < 1) {
            throw new IllegalArgumentException("minHoldoutItems must be at least 1, was " + minHoldoutItems);
        }
        if (minClassSupport < 1) {
            throw new IllegalArgumentException("minClassSupport must be at least 1, was " + minClassSupport);
        }
        if (!(maxPredictedShare > 0 && maxPredictedShare <= 1)) {
            throw new IllegalArgumentException("maxPredictedShare must be in (0, 1], was " + maxPredictedShare);
        }
        if (bootstrapResamples < 1) {
            throw new IllegalArgumentException("bootstrapResamples must be at least 1, was " + bootstrapResamples);
        }
    }

    public static final GateSettings DEFAULT = new GateSettings(20, 10, 0.95, 2000, 42);
}
