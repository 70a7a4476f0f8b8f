package io.lorastream.evaluator.domain;

import io.lorastream.contracts.CheckResult;
import java.util.Locale;

/** Names of the gate's checks, as they appear in {@code DecisionEvent.checks} and in metric tags. */
public final class Checks {

    /** The candidate event itself is readable and valid. */
    public static final String CANDIDATE_EVENT = "candidate_event";
    /** The task has a spec. */
    public static final String TASK_SPEC = "task_spec";
    /** The announced files are where they must be and match their SHA-256s. */
    public static final String ARTIFACTS = "artifacts";
    /** The candidate was trained on the task's base model, with the weights the store holds. */
    public static final String BASE_MODEL = "base_model";
    /** The adapter files parse and fit the base model. */
    public static final String ADAPTER_LOADS = "adapter_loads";
    /** The adapter's labels are the task's labels, in the task's order. */
    public static final String LABEL_MAP = "label_map";
    /** The held-out window holds enough items to judge on. */
    public static final String HOLDOUT_SIZE = "holdout_size";
    /** The operator's golden set is readable. */
    public static final String GOLDEN_SET = "golden_set";
    /** The champion (or base) model to compare with could be loaded. */
    public static final String REFERENCE_MODEL = "reference_model";
    /** No NaN or infinite probabilities. */
    public static final String FINITE_OUTPUTS = "finite_outputs";
    /** The candidate does not answer (almost) everything with one class. */
    public static final String NOT_COLLAPSED = "not_collapsed";
    /** The gate metric on the held-out window reaches the task's minimum. */
    public static final String QUALITY_FLOOR = "quality_floor";
    /** The gate metric on the held-out window drops at most the allowed margin against the reference. */
    public static final String NO_REGRESSION = "no_regression";
    /** Must-improve mode: McNemar's exact test shows the candidate better at the task's significance level. */
    public static final String MUST_IMPROVE = "must_improve";
    /** The evaluation itself failed the same way on every attempt (e.g. the model runtime refused the adapter). */
    public static final String EVALUATION_ERROR = "evaluation_error";
    /** A newer candidate of the same task was queued behind this one. */
    public static final String SUPERSEDED = "superseded";

    private Checks() {
    }

    /** {@code forgetting_<set>_metric}: drop of the gate metric on a retention or golden set. */
    public static String forgettingMetric(String set) {
        return "forgetting_" + set + "_metric";
    }

    /** {@code forgetting_<set>_class_recall}: largest per-class recall drop on a retention or golden set. */
    public static String forgettingClassRecall(String set) {
        return "forgetting_" + set + "_class_recall";
    }

    static CheckResult passed(String name, double value, double threshold, String detail) {
        return new CheckResult(name, value, threshold, true, detail);
    }

    static CheckResult failed(String name, double value, double threshold, String detail) {
        return new CheckResult(name, value, threshold, false, detail);
    }

    /** Four decimals, locale-independent: the form every number takes in a check's detail. */
    static String f(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** A signed difference with four decimals. */
    static String signed(double value) {
        return String.format(Locale.ROOT, "%+.4f", value);
    }
}
