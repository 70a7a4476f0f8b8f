package io.lorastream.lora.train;

import ai.djl.training.tracker.Tracker;

/**
 * Learning-rate schedule: linear warm-up from 0 to the peak over the first {@code warmupSteps}
 * updates, then linear decay towards 0 at {@code totalSteps} (the schedule of Hugging Face's
 * {@code get_linear_schedule_with_warmup}). Updates are numbered from 1, and the decay is offset by
 * one step so that neither the first nor the last update has a learning rate of exactly 0.
 */
public final class LinearWarmupDecay implements Tracker {

    private final float peak;
    private final int warmupSteps;
    private final int totalSteps;

    /**
     * @param peak learning rate at the end of warm-up
     * @param warmupSteps updates spent warming up, in {@code [0, totalSteps]}
     * @param totalSteps updates in the whole run, at least 1
     */
    public LinearWarmupDecay(float peak, int warmupSteps, int totalSteps) {
        if (!(peak > 0) || Float.isInfinite(peak)) {
            throw new IllegalArgumentException("learning rate must be finite and positive, was " + peak);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1, was " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warmupSteps must lie in [0, " + totalSteps + "], was " + warmupSteps);
        }
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /** The learning rate of update {@code step} (1-based). */
    @Override
    public float getNewValue(int step) {
        if (step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        int remaining = Math.max(totalSteps - step + 1, 0);
        return peak * remaining / (totalSteps - warmupSteps);
    }

    public int totalSteps() {
        return totalSteps;
    }

    public int warmupSteps() {
        return warmupSteps;
    }
}
