package io.lorastream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractJsonTest {

    private static final Instant NOW = Instant.parse("2026-11-25T04:17:00Z");
    private static final String VERSION = VersionId.of(NOW, "abc123");

    @Test
    void taskSpecWithOnlyRequiredFieldsGetsWorkingDefaults() {
        TaskSpec spec = ContractJson.fromJson("{\"task\":\"spam\",\"labels\":[\"ham\",\"spam\"]}", TaskSpec.class);

        assertThat(spec).isEqualTo(TaskSpec.withDefaults("spam", List.of("ham", "spam")));
        assertThat(spec.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
        assertThat(spec.lora().targetModules()).containsExactly("query", "value");
        assertThat(spec.trigger().maxWait()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.holdoutShare()).isEqualTo(0.1);
    }

    @Test
    void taskSpecRoundTripsWithEverySetting() {
        TaskSpec spec = new TaskSpec(1, "intent", List.of("a", "b", "c"), "bge-small-en-v1.5",
                new LoraSpec(16, 32, 0.05, List.of("query", "key", "value"), true),
                new TrainingSpec(2, 16, 64, 1e-4, 1e-3, 0.0, "none", 0.0, 0, 1.0, 500),
                new TrainingTrigger(50, Duration.ofMinutes(5), 10),
                new GatePolicy("accuracy", 0.7, 0.0, true, 0.01, 0.02, 0.05), 0.2, true, 5000);

        String json = ContractJson.toJson(spec);

        assertThat(json).contains("\"maxWait\":\"PT5M\"");
        assertThat(ContractJson.fromJson(json, TaskSpec.class)).isEqualTo(spec);
    }

    @Test
    void partialNestedSettingsKeepTheirOtherDefaults() {
        TaskSpec spec = ContractJson.fromJson(
                "{\"task\":\"spam\",\"labels\":[\"ham\",\"spam\"],\"lora\":{\"r\":4},\"trigger\":{\"minNewExamples\":10}}",
                TaskSpec.class);

        assertThat(spec.lora()).isEqualTo(new LoraSpec(4, 16, 0.1, List.of("query", "value"), false));
        assertThat(spec.trigger().minExamplesOnTimeout()).isEqualTo(10);
    }

    @Test
    void trainingSettingsAreOptionalFieldByField() {
        TaskSpec spec = ContractJson.fromJson(
                "{\"task\":\"spam\",\"labels\":[\"ham\",\"spam\"],\"training\":{\"epochs\":1,\"replayRatio\":0}}",
                TaskSpec.class);

        assertThat(spec.training().epochs()).isEqualTo(1);
        assertThat(spec.training().replayRatio()).isZero();
        assertThat(spec.training().learningRate()).isEqualTo(TrainingSpec.DEFAULT.learningRate());
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"s\",\"labels\":[\"a\",\"b\"],\"training\":{\"classWeighting\":\"inverse\"}}", TaskSpec.class))
                .hasMessageContaining("training.classWeighting must be one of");
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"s\",\"labels\":[\"a\",\"b\"],\"training\":{\"epochs\":0}}", TaskSpec.class))
                .hasMessageContaining("training.epochs");
    }

    @Test
    void unknownFieldIsRejectedByName() {
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"spam\",\"labels\":[\"ham\",\"spam\"],\"lables\":[]}", TaskSpec.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("unknown field 'lables'");
    }

    @Test
    void unknownNestedFieldIsRejectedWithItsPath() {
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"spam\",\"labels\":[\"ham\",\"spam\"],\"lora\":{\"rank\":4}}", TaskSpec.class))
                .hasMessageContaining("unknown field 'lora.rank'");
    }

    @Test
    void missingRequiredFieldIsRejectedByName() {
        assertThatThrownBy(() -> ContractJson.fromJson("{\"task\":\"spam\"}", TaskSpec.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("'labels' is required");
    }

    @Test
    void ruleViolationsNameTheFieldAndTheRule() {
        assertThatThrownBy(() -> ContractJson.fromJson("{\"task\":\"Spam\",\"labels\":[\"a\",\"b\"]}", TaskSpec.class))
                .hasMessageContaining("task id 'Spam' is invalid").hasMessageContaining(TaskId.RULE);
        assertThatThrownBy(() -> ContractJson.fromJson("{\"task\":\"s\",\"labels\":[\"a\",\"a\"]}", TaskSpec.class))
                .hasMessageContaining("labels must be unique");
        assertThatThrownBy(() -> ContractJson.fromJson("{\"task\":\"s\",\"labels\":[\"a\"]}", TaskSpec.class))
                .hasMessageContaining("labels must hold at least 2 labels");
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"s\",\"labels\":[\"a\",\"b\"],\"holdoutShare\":1.5}", TaskSpec.class))
                .hasMessageContaining("holdoutShare must be between 0.0 and 0.9");
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"s\",\"labels\":[\"a\",\"b\"],\"gate\":{\"metric\":\"auc\"}}", TaskSpec.class))
                .hasMessageContaining("gate.metric must be one of");
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"s\",\"labels\":[\"a\",\"b\"],\"baseModel\":\"../secrets\"}", TaskSpec.class))
                .hasMessageContaining("baseModel must be a relative model id");
    }

    @Test
    void newerSchemaVersionIsRefused() {
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"schemaVersion\":2,\"task\":\"s\",\"labels\":[\"a\",\"b\"]}", TaskSpec.class))
                .hasMessageContaining("schemaVersion 2 is not supported");
    }

    @Test
    void scalarsAreNotCoerced() {
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"s\",\"labels\":[\"a\",\"b\"],\"lora\":{\"r\":\"8\"}}", TaskSpec.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("lora.r");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"task\":\"s\",\"task\":\"t\",\"labels\":[\"a\",\"b\"]}", TaskSpec.class))
                .hasMessageContaining("Duplicate field 'task'");
    }

    @Test
    void malformedJsonIsReportedAsSuch() {
        assertThatThrownBy(() -> ContractJson.fromJson("{\"task\":", TaskSpec.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageStartingWith("TaskSpec: ");
    }

    @Test
    void exampleRoundTripsAndRequiresItsFields() {
        Example example = new Example(1, "spam", "m-1", "win money", "spam", 1.0, "mail", NOW, "ab12", NOW);

        assertThat(ContractJson.fromBytes(ContractJson.toBytes(example), Example.class)).isEqualTo(example);
        assertThatThrownBy(() -> ContractJson.fromJson(
                "{\"schemaVersion\":1,\"task\":\"spam\",\"id\":\"x\",\"text\":\"t\",\"weight\":1.0,"
                        + "\"contentHash\":\"h\",\"ingestedAt\":\"2026-11-25T04:17:00Z\"}", Example.class))
                .hasMessageContaining("'label' is required");
        assertThatThrownBy(() -> new Example(1, "spam", "x", "t", "spam", 0.0, null, null, "h", NOW))
                .hasMessageContaining("weight must be > 0");
    }

    @Test
    void candidateEventRoundTrips() {
        CandidateEvent event = new CandidateEvent(1, "spam", VERSION, "all-minilm-l6-v2", "ff00",
                ObjectLayout.candidatePrefix("spam", VERSION), Map.of("adapter_model.safetensors", "aa"),
                List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 3, 10, 209)), 240, null, 0.31, NOW);

        assertThat(ContractJson.fromJson(ContractJson.toJson(event), CandidateEvent.class)).isEqualTo(event);
        assertThat(event.objectPrefix()).isEqualTo("candidates/spam/" + VERSION + "/");
    }

    @Test
    void candidateWithoutValidationLossReadsAsNaN() {
        String json = ContractJson.toJson(new CandidateEvent(1, "spam", VERSION, "m", "ff", "p", Map.of("f", "1"),
                List.of(), 1, null, 0.5, NOW)).replace("\"validationLoss\":0.5,", "");

        assertThat(ContractJson.fromJson(json, CandidateEvent.class).validationLoss()).isNaN();
    }

    @Test
    void decisionEventRoundTripsAndApprovalMustMatchTheChecks() {
        List<CheckResult> checks = List.of(
                new CheckResult("quality_floor", 0.82, 0.6, true, "macro_f1 on 120 held-out items"),
                new CheckResult("no_regression", -0.004, -0.01, true, "vs champion"));
        DecisionEvent decision = new DecisionEvent(1, "spam", VERSION, null, true, checks,
                Map.of("holdout.macro_f1", 0.82), Map.of("holdout.macro_f1", 0.824), Map.of("holdout", 120), 950, NOW);

        assertThat(ContractJson.fromJson(ContractJson.toJson(decision), DecisionEvent.class)).isEqualTo(decision);
        assertThatThrownBy(() -> new DecisionEvent(1, "spam", VERSION, null, true,
                List.of(new CheckResult("quality_floor", 0.1, 0.6, false, null)), Map.of(), Map.of(), Map.of(), 1, NOW))
                .hasMessageContaining("approved must equal");
    }

    @Test
    void championEventRoundTrips() {
        ChampionEvent champion = new ChampionEvent(1, "spam", VERSION, null, "approved", "all-minilm-l6-v2",
                ObjectLayout.adapterPrefix("spam", VERSION), Map.of("adapter_config.json", "cc"), NOW);

        assertThat(ContractJson.fromJson(ContractJson.toJson(champion), ChampionEvent.class)).isEqualTo(champion);
    }

    @Test
    void versionIdsSortByCreationTime() {
        String earlier = VersionId.of(NOW, "zzz");
        String later = VersionId.of(NOW.plusSeconds(1), "aaa");

        assertThat(earlier).isEqualTo("v20261125T041700Z-zzz").isLessThan(later);
        assertThatThrownBy(() -> VersionId.require("v1/../x")).hasMessageContaining(VersionId.RULE);
    }

    @Test
    void everyBlueprintTopicIsDeclaredOnceWithCompactionWhereStated() {
        assertThat(Topics.ALL).extracting(TopicSpec::name).doesNotHaveDuplicates().hasSize(8);
        assertThat(Topics.ALL).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.TASKS, Topics.ADAPTERS_CHAMPIONS);
    }
}
