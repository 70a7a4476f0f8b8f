package io.lorastream.evaluator.domain;

import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.SchemaVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the decisions that need no model: rejections for bad input and superseded candidates. */
public final class Decisions {

    private Decisions() {
    }

    /** A rejection whose evidence is {@code checks}; at least one of them must have failed. */
    public static DecisionEvent rejected(String task, String version, String championVersion, List<CheckResult> checks,
                                         Map<String, Integer> setSizes, long durationMs, Instant decidedAt) {
        if (checks.stream().allMatch(CheckResult::passed)) {
            throw new IllegalArgumentException("a rejection needs a failed check");
        }
        return new DecisionEvent(SchemaVersion.CURRENT, task, version, championVersion, false, checks, Map.of(), Map.of(),
                setSizes, durationMs, decidedAt);
    }

    /** The rejection of a candidate that a newer one of the same task overtook while it was queued. */
    public static DecisionEvent superseded(String task, String version, String newerVersion, String championVersion,
                                           Instant decidedAt) {
        CheckResult check = Checks.failed(Checks.SUPERSEDED, 1, 0, "superseded by " + newerVersion
                + ", a newer candidate of the same task queued behind it: only the newest queued candidate is evaluated "
                + "(lorastream.evaluator.queue.supersede=true)");
        return rejected(task, version, championVersion, List.of(check), Map.of(), 0, decidedAt);
    }
}
