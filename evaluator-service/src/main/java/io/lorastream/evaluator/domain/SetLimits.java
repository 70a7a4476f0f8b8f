package io.lorastream.evaluator.domain;

import java.time.Duration;

/**
 * How big a task's evaluation sets may grow.
 *
 * @param windowSize most recent held-out items kept per task
 * @param retentionSize older items kept per task, stratified by label and time slice
 * @param timeSlice width of a retention time slice
 */
public record SetLimits(int windowSize, int retentionSize, Duration timeSlice) {

    public SetLimits {
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1, was " + windowSize);
        }
        if (retentionSize < 0) {
            throw new IllegalArgumentException("retentionSize must be >= 0, was " + retentionSize);
        }
        if (timeSlice == null || timeSlice.isZero() || timeSlice.isNegative()) {
            throw new IllegalArgumentException("timeSlice must be positive, was " + timeSlice);
        }
    }
}
