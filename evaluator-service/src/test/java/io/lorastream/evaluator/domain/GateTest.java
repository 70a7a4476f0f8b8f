package io.lorastream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.GatePolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GateTest {

    private static final List<String> LABELS = List.of("a", "b", "c");
    private static final GatePolicy POLICY = GatePolicy.DEFAULT; // macro-F1 >= 0.6, <= 0.01 worse, budgets 0.05 / 0.10
    private static final Gate GATE = new Gate(new GateSettings(20, 5, 0.95, 500, 42));

    /** Answers with one-hot probabilities. */
    private static ModelOutput answers(int... predicted) {
        double[][] p = new double[predicted.length][];
        boolean[] finite = new boolean[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            p[i] = new double[LABELS.size()];
            p[i][predicted[i]] = 1.0;
            finite[i] = true;
        }
        return new ModelOutput(predicted, p, finite);
    }

    /** n items cycling through the given classes. */
    private static int[] truth(int n, int... classes) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = classes[i % classes.length];
        }
        return t;
    }

    /** The truth with every k-th item answered wrong (shifted to the next class). */
    private static int[] withErrors(int[] truth, int every) {
        int[] p = truth.clone();
        for (int i = 0; i < p.length; i += every) {
            p[i] = (p[i] + 1) % LABELS.size();
        }
        return p;
    }

    private static Map<String, CheckResult> byName(GateResult result) {
        return result.checks().stream().collect(Collectors.toMap(CheckResult::name, Function.identity()));
    }

    private static GateResult judge(GatePolicy policy, boolean champion, ScoredSet holdout, ScoredSet retention) {
        return GATE.judge(policy, LABELS, champion ? "champion v1" : "the base model", champion, holdout, List.of(retention));
    }

    @Test
    void aBetterCandidatePassesEveryCheckAndReportsBothModelsMetrics() {
        int[] actual = truth(90, 0, 1, 2);
        ScoredSet holdout = new ScoredSet("holdout", actual, answers(actual), answers(withErrors(actual, 4)));
        int[] old = truth(30, 0, 1, 2);
        ScoredSet retention = new ScoredSet("retention", old, answers(old), answers(withErrors(old, 5)));

        GateResult result = judge(POLICY, true, holdout, retention);

        assertThat(result.checks()).allMatch(CheckResult::passed);
        assertThat(result.checks()).extracting(CheckResult::name).containsExactly("finite_outputs", "not_collapsed",
                "quality_floor", "no_regression", "forgetting_retention_metric", "forgetting_retention_class_recall");
        assertThat(result.candidateMetrics()).containsEntry("holdout.macro_f1", 1.0).containsEntry("holdout.accuracy", 1.0)
                .containsKeys("holdout.macro_f1.difference.ci_lower", "holdout.mcnemar_p_value", "retention.recall.c",
                        "holdout.log_loss", "holdout.ece");
        assertThat(result.referenceMetrics().get("holdout.accuracy")).isEqualTo(1 - 23.0 / 90);
        CheckResult regression = byName(result).get("no_regression");
        assertThat(regression.value()).isPositive();
        assertThat(regression.threshold()).isEqualTo(-0.01);
        assertThat(regression.detail()).contains("paired bootstrap CI").contains("champion v1");
    }

    @Test
    void aCandidateBelowTheFloorAndWorseThanTheChampionFailsBothChecks() {
        int[] actual = truth(90, 0, 1, 2);
        int[] flipped = Arrays.stream(actual).map(c -> (c + 1) % 3).toArray();
        ScoredSet holdout = new ScoredSet("holdout", actual, answers(flipped), answers(actual));
        ScoredSet retention = new ScoredSet("retention", new int[0], answers(), answers());

        Map<String, CheckResult> checks = byName(judge(POLICY, true, holdout, retention));

        assertThat(checks.get("quality_floor").passed()).isFalse();
        assertThat(checks.get("quality_floor").value()).isZero();
        assertThat(checks.get("quality_floor").detail()).contains("below the minimum 0.6000");
        assertThat(checks.get("no_regression").passed()).isFalse();
        assertThat(checks.get("no_regression").value()).isEqualTo(-1.0);
        assertThat(checks.get("forgetting_retention_metric").passed()).isTrue();
        assertThat(checks.get("forgetting_retention_metric").detail()).contains("empty");
        assertThat(checks.get("not_collapsed").passed()).isTrue();
    }

    @Test
    void forgettingAClassAbsentFromRecentDataFailsTheClassRecallCheckOnly() {
        // Recent data holds classes a and b; the candidate never answers c, which only the retention set holds.
        int[] recent = truth(80, 0, 1);
        ScoredSet holdout = new ScoredSet("holdout", recent, answers(recent), answers(withErrors(recent, 10)));
        int[] old = truth(60, 0, 1, 2);
        int[] forgot = Arrays.stream(old).map(c -> c == 2 ? 0 : c).toArray();
        ScoredSet retention = new ScoredSet("retention", old, answers(forgot), answers(old));

        GateResult result = judge(POLICY, true, holdout, retention);
        Map<String, CheckResult> checks = byName(result);

        assertThat(checks.get("quality_floor").passed()).isTrue();
        assertThat(checks.get("no_regression").passed()).isTrue();
        CheckResult recall = checks.get("forgetting_retention_class_recall");
        assertThat(recall.passed()).isFalse();
        assertThat(recall.value()).isEqualTo(1.0);
        assertThat(recall.threshold()).isEqualTo(0.10);
        assertThat(recall.detail()).contains("worst class 'c'").contains("recall 0.0000 vs 1.0000");
        assertThat(checks.get("forgetting_retention_metric").passed()).isFalse();
        assertThat(result.maxClassRecallDrop()).containsEntry("retention", 1.0);
    }

    @Test
    void macroF1AveragesOverTheClassesTheSetHoldsSoOneStrayAnswerCostsOneError() {
        int[] recent = truth(40, 0, 1); // no c in the window
        int[] oneStray = recent.clone();
        oneStray[0] = 2;
        ScoredSet holdout = new ScoredSet("holdout", recent, answers(oneStray), answers(recent));
        ScoredSet empty = new ScoredSet("retention", new int[0], answers(), answers());
        GateResult result = judge(POLICY, true, holdout, empty);
        // a: recall 19/20, precision 1; b: perfect. scikit-learn's default would also average c's F1 of 0 (0.65).
        double f1A = 2 * 19.0 / (2 * 19.0 + 1);
        assertThat(result.candidateMetrics().get("holdout.macro_f1")).isCloseTo((f1A + 1) / 2, within(1e-12));
    }

    @Test
    void withoutAChampionThePerClassRecallCheckIsReportedButNotApplied() {
        int[] recent = truth(80, 0, 1);
        int[] untrained = new int[80]; // an untrained head answers one class
        ScoredSet holdout = new ScoredSet("holdout", recent, answers(recent), answers(untrained));
        int[] old = truth(60, 0, 1, 2);
        ScoredSet retention = new ScoredSet("retention", old, answers(withErrors(old, 2)), answers(new int[60]));

        Map<String, CheckResult> checks = byName(judge(POLICY, false, holdout, retention));

        CheckResult recall = checks.get("forgetting_retention_class_recall");
        assertThat(recall.passed()).isTrue();
        assertThat(recall.value()).isGreaterThan(recall.threshold());
        assertThat(recall.detail()).startsWith("not applied without a champion");
        assertThat(checks.get("no_regression").passed()).isTrue();
    }

    @Test
    void mustImproveNeedsASignificantMcNemarResult() {
        GatePolicy mustImprove = new GatePolicy("accuracy", 0.5, 0.01, true, 0.05, 0.05, 0.10);
        int[] actual = truth(200, 0, 1);
        ScoredSet clearlyBetter = new ScoredSet("holdout", actual, answers(actual), answers(withErrors(actual, 5)));
        ScoredSet slightlyBetter = new ScoredSet("holdout", actual, answers(withErrors(actual, 50)),
                answers(withErrors(actual, 40)));
        ScoredSet empty = new ScoredSet("retention", new int[0], answers(), answers());

        CheckResult significant = byName(judge(mustImprove, true, clearlyBetter, empty)).get("must_improve");
        assertThat(significant.passed()).isTrue();
        assertThat(significant.value()).isLessThan(1e-6);
        assertThat(significant.threshold()).isEqualTo(0.05);
        assertThat(significant.detail()).contains("40 only the candidate got right");

        CheckResult notSignificant = byName(judge(mustImprove, true, slightlyBetter, empty)).get("must_improve");
        assertThat(notSignificant.passed()).isFalse();
        assertThat(notSignificant.detail()).startsWith("not a significant improvement");
    }

    @Test
    void aCandidateAnsweringOneClassForEverythingIsCollapsed() {
        int[] actual = truth(60, 0, 1, 2);
        ScoredSet holdout = new ScoredSet("holdout", actual, answers(new int[60]), answers(actual));
        ScoredSet empty = new ScoredSet("retention", new int[0], answers(), answers());
        CheckResult collapsed = byName(judge(POLICY, true, holdout, empty)).get("not_collapsed");
        assertThat(collapsed.passed()).isFalse();
        assertThat(collapsed.value()).isEqualTo(1.0);
        assertThat(collapsed.detail()).contains("'a' is 100.0% of 60 items").contains("collapsed");
    }

    @Test
    void aLopsidedTruthRaisesTheCollapseThreshold() {
        int[] actual = new int[100];
        actual[0] = 1;
        actual[1] = 1; // 98% class a: a model answering a 98% of the time is honest, not collapsed
        ScoredSet holdout = new ScoredSet("holdout", actual, answers(actual), answers(actual));
        ScoredSet empty = new ScoredSet("retention", new int[0], answers(), answers());
        CheckResult check = byName(judge(new GatePolicy("accuracy", 0.6, 0.01, false, 0.05, 0.05, 0.1), true, holdout,
                empty)).get("not_collapsed");
        assertThat(check.passed()).isTrue();
        assertThat(check.threshold()).isEqualTo(0.99);
    }

    @Test
    void nonFiniteProbabilitiesFailTheSanityCheck() {
        int[] actual = truth(30, 0, 1, 2);
        boolean[] finite = new boolean[30];
        Arrays.fill(finite, true);
        finite[3] = false;
        finite[7] = false;
        ModelOutput nan = new ModelOutput(actual, null, finite);
        ScoredSet holdout = new ScoredSet("holdout", actual, nan, answers(actual));
        ScoredSet empty = new ScoredSet("retention", new int[0], answers(), answers());
        GateResult result = judge(POLICY, true, holdout, empty);
        CheckResult check = byName(result).get("finite_outputs");
        assertThat(check.passed()).isFalse();
        assertThat(check.value()).isEqualTo(2);
        assertThat(result.candidateMetrics()).doesNotContainKey("holdout.log_loss");
    }
}
