package io.lorastream.trainer.domain;

import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.VersionId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A training window as planned, written to {@code candidates/<task>/<version>/window.json} before
 * its job starts. It is what makes a crash harmless: after a restart the trainer finds the plan,
 * collects exactly these records again and trains them under the same version, so a window is
 * never skipped and never trained twice under two versions.
 *
 * @param schemaVersion format version of this file
 * @param task task id
 * @param version the candidate version this window becomes
 * @param ranges per partition, the first and last offset of the task's records in the window
 * @param exampleCount the task's records in those ranges when planned
 * @param reason why the job started: {@code size}, {@code timeout} or {@code manual}
 * @param plannedAt when the window was cut
 */
public record WindowPlan(int schemaVersion, String task, String version, List<OffsetRange> ranges, int exampleCount,
                         String reason, Instant plannedAt) {

    public static final int CURRENT_SCHEMA = 1;

    public WindowPlan {
        if (schemaVersion != CURRENT_SCHEMA) {
            throw new IllegalArgumentException("window.json schemaVersion " + schemaVersion + " is not "
                    + CURRENT_SCHEMA);
        }
        TaskId.require(task);
        VersionId.require(version);
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a window plan needs at least one offset range");
        }
        if (exampleCount < 1) {
            throw new IllegalArgumentException("a window plan needs at least one example, was " + exampleCount);
        }
    }

    /** True when the record at {@code partition}/{@code offset} lies inside one of the window's ranges. */
    public boolean covers(int partition, long offset) {
        for (OffsetRange range : ranges) {
            if (range.partition() == partition && offset >= range.fromOffset() && offset <= range.toOffset()) {
                return true;
            }
        }
        return false;
    }

    /** Last offset of the window per partition. */
    public Map<Integer, Long> lastOffsets() {
        Map<Integer, Long> last = new HashMap<>();
        for (OffsetRange range : ranges) {
            last.merge(range.partition(), range.toOffset(), Math::max);
        }
        return last;
    }
}
