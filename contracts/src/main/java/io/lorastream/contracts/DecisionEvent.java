package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The evaluator's verdict on a candidate, with its evidence, on {@link Topics#ADAPTERS_DECISIONS}.
 *
 * @param schemaVersion wire schema version
 * @param task task id
 * @param candidateVersion the judged candidate
 * @param championVersion the champion it was compared with, or null when there was none (compared with the base)
 * @param approved true when every check passed
 * @param checks every check with its value, threshold and verdict
 * @param candidateMetrics the candidate's metrics by name (e.g. {@code holdout.macro_f1})
 * @param championMetrics the champion's (or base's) metrics by name, on the same items
 * @param evaluatedSetSizes item counts per evaluated set (e.g. {@code holdout}, {@code retention}, {@code golden})
 * @param durationMs wall time of the evaluation in milliseconds
 * @param decidedAt when the verdict was reached
 */
public record DecisionEvent(int schemaVersion, String task, String candidateVersion, String championVersion,
                            boolean approved, List<CheckResult> checks, Map<String, Double> candidateMetrics,
                            Map<String, Double> championMetrics, Map<String, Integer> evaluatedSetSizes,
                            long durationMs, Instant decidedAt) {

    public DecisionEvent {
        SchemaVersion.check(schemaVersion, "DecisionEvent");
        TaskId.require(task);
        VersionId.require(candidateVersion);
        if (championVersion != null) {
            VersionId.require(championVersion);
        }
        checks = List.copyOf(Require.notEmpty(checks, "checks"));
        boolean allPassed = checks.stream().allMatch(CheckResult::passed);
        if (approved != allPassed) {
            throw new IllegalArgumentException("approved must equal 'every check passed' (approved=" + approved
                    + ", every check passed=" + allPassed + ")");
        }
        candidateMetrics = Map.copyOf(Require.present(candidateMetrics, "candidateMetrics"));
        championMetrics = Map.copyOf(Require.present(championMetrics, "championMetrics"));
        evaluatedSetSizes = Map.copyOf(Require.present(evaluatedSetSizes, "evaluatedSetSizes"));
        Require.atLeast(durationMs, 0L, "durationMs");
        Require.present(decidedAt, "decidedAt");
    }

    @JsonCreator
    static DecisionEvent fromJson(@JsonProperty(value = "schemaVersion", required = true) Integer schemaVersion,
                                  @JsonProperty(value = "task", required = true) String task,
                                  @JsonProperty(value = "candidateVersion", required = true) String candidateVersion,
                                  @JsonProperty("championVersion") String championVersion,
                                  @JsonProperty(value = "approved", required = true) Boolean approved,
                                  @JsonProperty(value = "checks", required = true) List<CheckResult> checks,
                                  @JsonProperty(value = "candidateMetrics", required = true) Map<String, Double> candidateMetrics,
                                  @JsonProperty(value = "championMetrics", required = true) Map<String, Double> championMetrics,
                                  @JsonProperty(value = "evaluatedSetSizes", required = true) Map<String, Integer> evaluatedSetSizes,
                                  @JsonProperty(value = "durationMs", required = true) Long durationMs,
                                  @JsonProperty(value = "decidedAt", required = true) Instant decidedAt) {
        return new DecisionEvent(Require.present(schemaVersion, "schemaVersion"), task, candidateVersion, championVersion,
                Require.present(approved, "approved"), checks, candidateMetrics, championMetrics, evaluatedSetSizes,
                Require.present(durationMs, "durationMs"), decidedAt);
    }
}
