package io.lorastream.evaluator.it;

import static io.lorastream.evaluator.it.EvaluatorTestKit.announce;
import static io.lorastream.evaluator.it.EvaluatorTestKit.awaitDecision;
import static io.lorastream.evaluator.it.EvaluatorTestKit.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.evaluator.store.S3DecisionLedger;
import io.lorastream.evaluator.testing.TinyAdapters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The gate's verdicts on real tiny-BERT adapters, through the running service: candidates announced on Kafka, files
 * in the devstack's S3, decisions read back from the decisions topic and from {@code evaluation.json}.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class GateScenariosTest {

    private static Map<String, CheckResult> checks(DecisionEvent decision) {
        return decision.checks().stream().collect(Collectors.toMap(CheckResult::name, Function.identity()));
    }

    @Test
    void anHonestImprovementIsApprovedWithEveryCheckAndBothModelsMetrics() {
        ChampionEvent champion = TopicsScenario.ensure();
        CandidateEvent candidate = announce(TopicsScenario.TASK, TopicsScenario.TINY_BERT, TinyAdapters.honest());

        DecisionEvent decision = awaitDecision(TopicsScenario.TASK, candidate.version());

        assertThat(decision.approved()).as(describe(decision)).isTrue();
        assertThat(decision.championVersion()).isEqualTo(champion.version());
        assertThat(decision.checks()).extracting(CheckResult::name).containsExactly("base_model", "holdout_size",
                "artifacts", "adapter_loads", "label_map", "reference_model", "finite_outputs", "not_collapsed",
                "quality_floor", "no_regression", "forgetting_retention_metric", "forgetting_retention_class_recall",
                "forgetting_golden_metric", "forgetting_golden_class_recall");
        assertThat(decision.evaluatedSetSizes()).containsExactlyInAnyOrderEntriesOf(
                Map.of("holdout", 60, "retention", 90, "golden", 30));
        assertThat(decision.candidateMetrics().get("holdout.macro_f1"))
                .isGreaterThan(decision.championMetrics().get("holdout.macro_f1"));
        assertThat(decision.candidateMetrics()).containsKeys("holdout.accuracy", "holdout.log_loss", "holdout.ece",
                "retention.recall.money", "golden.macro_f1", "holdout.macro_f1.difference.ci_lower",
                "holdout.mcnemar_p_value");
        assertThat(checks(decision).get("no_regression").detail()).contains("champion " + champion.version())
                .contains("paired bootstrap CI");

        byte[] recorded = EvaluatorTestKit.objects().getBytes(S3DecisionLedger.key(TopicsScenario.TASK, candidate.version()));
        assertThat(ContractJson.fromBytes(recorded, DecisionEvent.class)).isEqualTo(decision);
    }

    @Test
    void aCandidateTrainedOnRotatedLabelsIsRejectedByTheFloorAndTheRegressionCheck() {
        TopicsScenario.ensure();
        CandidateEvent candidate = announce(TopicsScenario.TASK, TopicsScenario.TINY_BERT, TinyAdapters.rotated());

        DecisionEvent decision = awaitDecision(TopicsScenario.TASK, candidate.version());

        assertThat(decision.approved()).isFalse();
        Map<String, CheckResult> checks = checks(decision);
        assertThat(checks.get("quality_floor").passed()).as(describe(decision)).isFalse();
        assertThat(checks.get("quality_floor").value()).isLessThan(0.3);
        assertThat(checks.get("quality_floor").threshold()).isEqualTo(0.6);
        assertThat(checks.get("no_regression").passed()).isFalse();
        assertThat(checks.get("no_regression").detail()).contains("drops more than the allowed 0.0100");
        assertThat(checks.get("label_map").passed()).isTrue();
        assertThat(checks.get("finite_outputs").passed()).isTrue();
    }

    @Test
    void aCandidateThatForgetsAClassAbsentFromRecentDataIsRejectedByTheForgettingCheck() {
        TopicsScenario.ensure();
        CandidateEvent candidate = announce(TopicsScenario.TASK, TopicsScenario.TINY_BERT, TinyAdapters.forgetful());

        DecisionEvent decision = awaitDecision(TopicsScenario.TASK, candidate.version());

        assertThat(decision.approved()).isFalse();
        Map<String, CheckResult> checks = checks(decision);
        // On the recent window (sport and weather only) it looks fine...
        assertThat(checks.get("quality_floor").passed()).as(describe(decision)).isTrue();
        assertThat(checks.get("quality_floor").value()).isGreaterThan(0.8);
        assertThat(checks.get("no_regression").passed()).isTrue();
        // ...but on the retention and golden sets it has forgotten money.
        for (String set : new String[] {"retention", "golden"}) {
            CheckResult recall = checks.get("forgetting_" + set + "_class_recall");
            assertThat(recall.passed()).as(set + ": " + recall.detail()).isFalse();
            assertThat(recall.detail()).contains("worst class 'money'").contains("recall 0.0000");
            assertThat(recall.value()).isGreaterThan(recall.threshold());
            assertThat(decision.candidateMetrics()).containsEntry(set + ".recall.money", 0.0);
        }
    }
}
