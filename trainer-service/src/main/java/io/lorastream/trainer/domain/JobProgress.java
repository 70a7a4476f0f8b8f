package io.lorastream.trainer.domain;

import java.time.Duration;

/**
 * Where a running job is, for the admin API, metrics and logs.
 *
 * @param stage what the job is doing now (loading, training, uploading, announcing)
 * @param step training steps done
 * @param totalSteps training steps planned
 * @param loss the last step's training loss (NaN before the first step)
 * @param examplesPerSecond training throughput so far
 * @param eta estimated time to the end of training
 */
public record JobProgress(String stage, int step, int totalSteps, double loss, double examplesPerSecond, Duration eta) {

    public static JobProgress stage(String stage) {
        return new JobProgress(stage, 0, 0, Double.NaN, 0, Duration.ZERO);
    }
}
