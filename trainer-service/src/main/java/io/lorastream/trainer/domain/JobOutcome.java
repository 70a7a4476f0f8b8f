package io.lorastream.trainer.domain;

import io.lorastream.contracts.CandidateEvent;
import java.time.Duration;

/**
 * How a training job ended.
 *
 * @param task task id
 * @param version the window's version
 * @param status succeeded (candidate announced), failed (failure recorded) or cancelled (nothing recorded)
 * @param reason why it failed or was cancelled; null on success
 * @param candidate the announced candidate on success
 * @param duration wall time of the job
 * @param replayExamples replayed examples mixed in (0 unless trained)
 * @param finalLoss the last training step's loss (NaN unless trained)
 */
public record JobOutcome(String task, String version, Status status, String reason, CandidateEvent candidate,
                         Duration duration, int replayExamples, double finalLoss) {

    static JobOutcome ended(String task, String version, Status status, String reason, Duration duration) {
        return new JobOutcome(task, version, status, reason, null, duration, 0, Double.NaN);
    }

    public enum Status { SUCCEEDED, FAILED, CANCELLED }

    /** True when the window is done with: its offsets may be committed. */
    public boolean windowDone() {
        return status != Status.CANCELLED;
    }
}
