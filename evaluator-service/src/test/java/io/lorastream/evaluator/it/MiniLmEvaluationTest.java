package io.lorastream.evaluator.it;

import static io.lorastream.evaluator.it.EvaluatorTestKit.awaitDecision;
import static io.lorastream.evaluator.it.EvaluatorTestKit.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.GatePolicy;
import io.lorastream.contracts.LoraSpec;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.TrainingTrigger;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.data.SpamAssassinCorpus;
import io.lorastream.lora.data.SpamAssassinCorpusFixture;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.StratifiedSampler;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.testing.MiniLm;
import io.lorastream.lora.train.ClassWeighting;
import io.lorastream.lora.train.LoraTrainer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real thing once: all-MiniLM-L6-v2 from the object store, a LoRA adapter trained on real SpamAssassin mail, real
 * held-out mail on Kafka. The task has no champion yet and runs in must-improve mode, so the candidate is compared with
 * the base model's untrained head by McNemar's exact test as well as by the floor.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class MiniLmEvaluationTest {

    private static final String TASK = "spam-minilm";
    private static final List<String> LABELS = List.of("ham", "spam");

    @Test
    void aLoraAdapterTrainedOnRealMailIsApprovedAgainstTheUntrainedHead() throws Exception {
        SpamAssassinCorpus corpus = SpamAssassinCorpusFixture.open();
        List<List<SpamAssassinEmail>> split = StratifiedSampler.split(corpus.emails(), SpamAssassinEmail::label,
                new int[] {160, 80}, 2024);
        List<LabeledExample> train = split.get(0).stream().map(SpamAssassinEmail::toExample).toList();
        List<LabeledExample> heldOut = split.get(1).stream().map(SpamAssassinEmail::toExample).toList();

        EvaluatorTestKit.uploadModel(TaskSpec.DEFAULT_BASE_MODEL, MiniLm.dir());
        EvaluatorTestKit.putTask(new TaskSpec(SchemaVersion.CURRENT, TASK, LABELS, TaskSpec.DEFAULT_BASE_MODEL,
                LoraSpec.DEFAULT, TrainingTrigger.DEFAULT, new GatePolicy("macro_f1", 0.6, 0.01, true, 0.05, 0.05, 0.10),
                0.1, false, TaskSpec.DEFAULT_MAX_TEXT_CHARS));
        EvaluatorTestKit.publishHoldout(TASK, heldOut, Instant.now());

        AdapterState adapter = LoraTrainer.builder().setBaseModel(MiniLm.model()).setLabels(LABELS).optEpochs(2)
                .optBatchSize(16).optLearningRate(2e-3).optWarmupRatio(0.1).optClassWeighting(ClassWeighting.balanced())
                .optMaxLength(128).optDevice("cpu").optSeed(7).build().train(train).adapter();
        EvaluatorTestKit.awaitSetSizes(TASK, 60, 20);
        CandidateEvent candidate = EvaluatorTestKit.announce(TASK, TaskSpec.DEFAULT_BASE_MODEL, adapter);

        DecisionEvent decision = awaitDecision(TASK, candidate.version());

        assertThat(decision.approved()).as(describe(decision)).isTrue();
        assertThat(decision.championVersion()).isNull();
        Map<String, CheckResult> checks = decision.checks().stream()
                .collect(Collectors.toMap(CheckResult::name, Function.identity()));
        assertThat(checks.get("reference_model").detail()).contains("untrained head");
        assertThat(checks.get("quality_floor").value()).isGreaterThan(0.8);
        assertThat(checks.get("must_improve").passed()).isTrue();
        assertThat(checks.get("must_improve").value()).isLessThan(0.05);
        assertThat(checks.get("forgetting_retention_class_recall").detail()).startsWith("not applied without a champion");
        assertThat(decision.championMetrics().get("holdout.macro_f1"))
                .isLessThan(decision.candidateMetrics().get("holdout.macro_f1") - 0.2);
        assertThat(decision.evaluatedSetSizes()).containsEntry("holdout", 60).containsEntry("retention", 20);
    }
}
