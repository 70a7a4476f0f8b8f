package io.lorastream.lora.train;

import java.time.Duration;

/**
 * A snapshot after one optimizer step.
 *
 * @param epoch current epoch, 0-based
 * @param step optimizer steps done so far, 1-based
 * @param totalSteps steps the whole run will take unless stopped early
 * @param loss this step's training loss
 * @param learningRate learning rate used for this step
 * @param gradientNorm global L2 norm of the gradients before clipping
 * @param examplesPerSecond training throughput so far
 * @param elapsed time spent in training steps so far (model loading, tokenization and validation excluded)
 * @param eta estimated time of the remaining steps at the current throughput; validation passes
 *     still to come are not included
 */
public record TrainingProgress(int epoch, int step, int totalSteps, double loss, double learningRate,
        double gradientNorm, double examplesPerSecond, Duration elapsed, Duration eta) {
}
