package io.lorastream.trainer.store;

import io.lorastream.contracts.OffsetRange;
import java.time.Instant;
import java.util.List;

/**
 * {@code failed.json}: a window whose job failed for a reason a retry cannot fix (data the task no
 * longer accepts, diverging training). The window counts as done so the stream moves on; the record
 * says which examples were skipped and why.
 *
 * @param task task id
 * @param version the window's version
 * @param reason what went wrong, in words
 * @param trainedOn the window's offset ranges (what was skipped)
 * @param failedAt when
 */
public record FailureRecord(String task, String version, String reason, List<OffsetRange> trainedOn, Instant failedAt) {
}
