package io.lorastream.evaluator.domain;

import static io.lorastream.evaluator.domain.Checks.f;
import static io.lorastream.evaluator.domain.Checks.signed;

import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.GatePolicy;
import io.lorastream.lora.metrics.BootstrapInterval;
import io.lorastream.lora.metrics.ConfidenceInterval;
import io.lorastream.lora.metrics.McNemarResult;
import io.lorastream.lora.metrics.McNemarTest;
import io.lorastream.lora.metrics.ResampledMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistical half of the gate: given both models' answers on the same held-out window, retention
 * sample and golden set, applies a task's {@link GatePolicy} and reports every check with its value,
 * threshold and verdict. Plain Java; the models have already run.
 *
 * <p>Checks, in order: {@code finite_outputs}, {@code not_collapsed}, {@code quality_floor},
 * {@code no_regression}, {@code must_improve} (must-improve mode only), then per forgetting set
 * ({@code retention}, and {@code golden} when the task has one) {@code forgetting_<set>_metric} and
 * {@code forgetting_<set>_class_recall}.
 *
 * <p>Without a champion the reference is the base model with an untrained head: chance level, so the
 * regression, must-improve and metric-forgetting checks are still applied against it (a candidate worse
 * than chance fails them) but the quality floor is what decides. The per-class recall check is reported and
 * not applied then: an untrained head answers nearly everything with one class, so its per-class recalls
 * (1 for that class, 0 for the others) say nothing about what a candidate could forget.
 */
public final class Gate {

    /** Tolerance for comparing a metric difference with its threshold, so equal scores never fail on rounding. */
    private static final double EPSILON = 1e-12;

    private final GateSettings settings;

    public Gate(GateSettings settings) {
        this.settings = settings;
    }

    /**
     * Applies the policy.
     *
     * @param labels the task's labels, index = class
     * @param reference what the candidate is compared with, for the details ("champion v…" or "the base model …")
     * @param hasChampion false when the reference is the base model with an untrained head
     * @param holdout the recent held-out window
     * @param forgettingSets the retention sample and, when the task has one, the golden set
     */
    public GateResult judge(GatePolicy policy, List<String> labels, String reference, boolean hasChampion,
                            ScoredSet holdout, List<ScoredSet> forgettingSets) {
        String metric = policy.metric();
        List<CheckResult> checks = new ArrayList<>();
        Map<String, Double> candidateMetrics = new TreeMap<>();
        Map<String, Double> referenceMetrics = new TreeMap<>();
        Map<String, Double> maxDrops = new LinkedHashMap<>();

        List<ScoredSet> all = new ArrayList<>();
        all.add(holdout);
        all.addAll(forgettingSets);
        checks.add(finiteOutputs(all));
        checks.add(notCollapsed(labels, all));

        SetMetrics candidate = SetMetrics.of(labels, holdout.actual(), holdout.candidate());
        SetMetrics ref = SetMetrics.of(labels, holdout.actual(), holdout.reference());
        candidate.putInto(candidateMetrics, holdout.name());
        ref.putInto(referenceMetrics, holdout.name());

        double candidateScore = candidate.metric(metric);
        double referenceScore = ref.metric(metric);
        checks.add(candidateScore + EPSILON >= policy.minMetric()
                ? Checks.passed(Checks.QUALITY_FLOOR, candidateScore, policy.minMetric(),
                        metric + " " + f(candidateScore) + " on " + holdout.size() + " held-out items, minimum "
                                + f(policy.minMetric()))
                : Checks.failed(Checks.QUALITY_FLOOR, candidateScore, policy.minMetric(),
                        metric + " " + f(candidateScore) + " on " + holdout.size() + " held-out items is below the minimum "
                                + f(policy.minMetric())));

        ConfidenceInterval ci = differenceInterval(metric, labels.size() + 1, holdout);
        double difference = candidateScore - referenceScore;
        candidateMetrics.put(holdout.name() + "." + metric + ".difference", difference);
        candidateMetrics.put(holdout.name() + "." + metric + ".difference.ci_lower", ci.lower());
        candidateMetrics.put(holdout.name() + "." + metric + ".difference.ci_upper", ci.upper());
        String comparison = metric + " " + f(candidateScore) + " vs " + f(referenceScore) + " for " + reference
                + " (difference " + signed(difference) + ", " + Math.round(ci.level() * 100) + "% paired bootstrap CI ["
                + signed(ci.lower()) + ", " + signed(ci.upper()) + "])";
        double allowed = -policy.maxRegression();
        checks.add(difference + EPSILON >= allowed
                ? Checks.passed(Checks.NO_REGRESSION, difference, allowed, comparison + "; allowed drop " + f(policy.maxRegression()))
                : Checks.failed(Checks.NO_REGRESSION, difference, allowed,
                        comparison + " drops more than the allowed " + f(policy.maxRegression())));

        McNemarResult mcnemar = McNemarTest.compare(holdout.actual(), holdout.candidate().predicted(),
                holdout.reference().predicted());
        candidateMetrics.put(holdout.name() + ".mcnemar_p_value", mcnemar.pValue());
        if (policy.mustImprove()) {
            checks.add(mustImprove(policy, reference, mcnemar, comparison));
        }

        for (ScoredSet set : forgettingSets) {
            SetMetrics c = SetMetrics.of(labels, set.actual(), set.candidate());
            SetMetrics r = SetMetrics.of(labels, set.actual(), set.reference());
            c.putInto(candidateMetrics, set.name());
            r.putInto(referenceMetrics, set.name());
            checks.add(metricForgetting(policy, set, c, r, reference));
            ClassDrop worst = worstClassDrop(labels, c, r);
            maxDrops.put(set.name(), Math.max(0.0, worst.drop()));
            checks.add(classRecallForgetting(policy, labels, set, worst, reference, hasChampion));
        }
        return new GateResult(checks, candidateMetrics, referenceMetrics, maxDrops);
    }

    private CheckResult finiteOutputs(List<ScoredSet> sets) {
        int nonFinite = 0;
        int items = 0;
        for (ScoredSet s : sets) {
            nonFinite += s.candidate().nonFinite();
            items += s.size();
        }
        return nonFinite == 0
                ? Checks.passed(Checks.FINITE_OUTPUTS, 0, 0, "every probability of " + items + " items is finite")
                : Checks.failed(Checks.FINITE_OUTPUTS, nonFinite, 0,
                        nonFinite + " of " + items + " items got NaN or infinite probabilities");
    }

    /**
     * Collapsed: one class gets more than {@code maxPredictedShare} of the answers. Where the truth itself is that
     * lopsided the threshold rises to halfway between the true share of the commonest label and 1, so an
     * honest model of a 97%-majority set is not called collapsed.
     */
    private CheckResult notCollapsed(List<String> labels, List<ScoredSet> sets) {
        int classes = labels.size() + 1;
        long[] predicted = new long[classes];
        long[] truth = new long[classes];
        long total = 0;
        for (ScoredSet s : sets) {
            for (int i = 0; i < s.size(); i++) {
                predicted[s.candidate().predicted()[i]]++;
                truth[s.actual()[i]]++;
                total++;
            }
        }
        int top = argMax(predicted);
        int topTrue = argMax(truth);
        double share = total == 0 ? 0 : (double) predicted[top] / total;
        double trueShare = total == 0 ? 0 : (double) truth[topTrue] / total;
        double threshold = Math.max(settings.maxPredictedShare(), trueShare + (1 - trueShare) / 2);
        String detail = "the most frequent answer '" + labelName(labels, top) + "' is " + percent(share) + " of "
                + total + " items; the most common true label '" + labelName(labels, topTrue) + "' is " + percent(trueShare);
        return share <= threshold + EPSILON
                ? Checks.passed(Checks.NOT_COLLAPSED, share, threshold, detail)
                : Checks.failed(Checks.NOT_COLLAPSED, share, threshold, detail + ": outputs collapsed to one class");
    }

    private CheckResult mustImprove(GatePolicy policy, String reference, McNemarResult mcnemar, String comparison) {
        boolean better = mcnemar.onlyFirstCorrect() > mcnemar.onlySecondCorrect();
        String detail = "McNemar exact p = " + formatP(mcnemar.pValue()) + " on " + mcnemar.discordant()
                + " discordant items (" + mcnemar.onlyFirstCorrect() + " only the candidate got right, "
                + mcnemar.onlySecondCorrect() + " only " + reference + "), alpha " + policy.significanceLevel() + "; "
                + comparison;
        boolean passed = better && mcnemar.significantAt(policy.significanceLevel());
        return passed
                ? Checks.passed(Checks.MUST_IMPROVE, mcnemar.pValue(), policy.significanceLevel(), detail)
                : Checks.failed(Checks.MUST_IMPROVE, mcnemar.pValue(), policy.significanceLevel(),
                        (better ? "not a significant improvement: " : "not an improvement: ") + detail);
    }

    private CheckResult metricForgetting(GatePolicy policy, ScoredSet set, SetMetrics candidate, SetMetrics reference,
                                         String referenceName) {
        String name = Checks.forgettingMetric(set.name());
        if (set.size() == 0) {
            return Checks.passed(name, 0, policy.maxForgettingDrop(), "the " + set.name() + " set is empty: nothing to forget yet");
        }
        String metric = policy.metric();
        double drop = reference.metric(metric) - candidate.metric(metric);
        String detail = metric + " on " + set.size() + " " + set.name() + " items " + f(candidate.metric(metric)) + " vs "
                + f(reference.metric(metric)) + " for " + referenceName + " (drop " + f(drop) + ", budget "
                + f(policy.maxForgettingDrop()) + ")";
        return drop <= policy.maxForgettingDrop() + EPSILON
                ? Checks.passed(name, drop, policy.maxForgettingDrop(), detail)
                : Checks.failed(name, drop, policy.maxForgettingDrop(), detail + ": forgets what " + referenceName + " knew");
    }

    private record ClassDrop(int label, double drop, double candidateRecall, double referenceRecall, long support,
                             int considered) {
    }

    /** The class whose recall dropped most, among classes with at least {@code minClassSupport} items in the set. */
    private ClassDrop worstClassDrop(List<String> labels, SetMetrics candidate, SetMetrics reference) {
        ClassDrop worst = new ClassDrop(-1, Double.NEGATIVE_INFINITY, 0, 0, 0, 0);
        int considered = 0;
        for (int c = 0; c < labels.size(); c++) {
            long support = candidate.support(c);
            if (support < settings.minClassSupport()) {
                continue;
            }
            considered++;
            double drop = reference.recall(c) - candidate.recall(c);
            if (drop > worst.drop()) {
                worst = new ClassDrop(c, drop, candidate.recall(c), reference.recall(c), support, 0);
            }
        }
        return new ClassDrop(worst.label(), worst.label() < 0 ? 0 : worst.drop(), worst.candidateRecall(),
                worst.referenceRecall(), worst.support(), considered);
    }

    private CheckResult classRecallForgetting(GatePolicy policy, List<String> labels, ScoredSet set, ClassDrop worst,
                                              String referenceName, boolean hasChampion) {
        String name = Checks.forgettingClassRecall(set.name());
        double budget = policy.maxClassRecallDrop();
        if (worst.label() < 0) {
            return Checks.passed(name, 0, budget, "no class has " + settings.minClassSupport() + " or more items in the "
                    + set.name() + " set (" + set.size() + " items): per-class recall not compared");
        }
        String detail = "worst class '" + labels.get(worst.label()) + "': recall " + f(worst.candidateRecall()) + " vs "
                + f(worst.referenceRecall()) + " for " + referenceName + " on " + worst.support() + " " + set.name()
                + " items (drop " + f(worst.drop()) + ", budget " + f(budget) + "; " + worst.considered()
                + " classes with " + settings.minClassSupport() + "+ items compared)";
        if (!hasChampion) {
            return Checks.passed(name, worst.drop(), budget, "not applied without a champion (an untrained head's "
                    + "per-class recall is arbitrary): " + detail);
        }
        return worst.drop() <= budget + EPSILON
                ? Checks.passed(name, worst.drop(), budget, detail)
                : Checks.failed(name, worst.drop(), budget, detail + ": the candidate forgets this class");
    }

    private ConfidenceInterval differenceInterval(String metric, int numClasses, ScoredSet set) {
        BootstrapInterval bootstrap = new BootstrapInterval(settings.bootstrapResamples(), BootstrapInterval.DEFAULT_LEVEL,
                settings.bootstrapSeed());
        int[] actual = set.actual();
        ResampledMetric candidate = resampled(metric, numClasses, actual, set.candidate().predicted());
        ResampledMetric reference = resampled(metric, numClasses, actual, set.reference().predicted());
        return bootstrap.ofDifference(set.size(), candidate, reference);
    }

    private static ResampledMetric resampled(String metric, int numClasses, int[] actual, int[] predicted) {
        return "accuracy".equals(metric) ? ResampledMetric.accuracy(actual, predicted)
                : SetMetrics.resampledMacroF1(numClasses, actual, predicted);
    }

    private static int argMax(long[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return best;
    }

    private static String labelName(List<String> labels, int index) {
        return index >= 0 && index < labels.size() ? labels.get(index) : "(a label the task does not have)";
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String formatP(double p) {
        return p < 1e-4 ? String.format(java.util.Locale.ROOT, "%.2e", p) : f(p);
    }
}
