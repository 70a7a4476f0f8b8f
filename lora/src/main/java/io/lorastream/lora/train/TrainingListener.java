package io.lorastream.lora.train;

/**
 * Receives progress from a training run, on the training thread: keep callbacks short. A lambda
 * receives the steps; override {@link #onEpoch} for epoch summaries.
 */
@FunctionalInterface
public interface TrainingListener {

    /** Called after every optimizer step. */
    void onStep(TrainingProgress progress);

    /** Called after every epoch, once validation has run. */
    default void onEpoch(EpochSummary summary) {
    }

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return progress -> { };
    }
}
