package io.lorastream.evaluator.it;

import static io.lorastream.evaluator.it.EvaluatorTestKit.announce;
import static io.lorastream.evaluator.it.EvaluatorTestKit.awaitDecision;
import static io.lorastream.evaluator.it.EvaluatorTestKit.describe;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.devstack.InjectDevStack;
import io.lorastream.evaluator.testing.TinyAdapters;
import io.lorastream.lora.peft.PeftFormat;
import io.lorastream.store.Sha256;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * How the service handles the candidates themselves: broken artifacts become rejections naming the reason and the
 * consumer goes on; a re-delivered candidate gets the same decision; a newer candidate supersedes a queued one; an
 * S3 outage delays a decision instead of producing a wrong one; the operator sees it all in the metrics.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class CandidateHandlingTest {

    private static final String TASK = TopicsScenario.TASK;
    private static final String BASE = TopicsScenario.TINY_BERT;

    @InjectDevStack
    DevStack devStack;

    private static CheckResult failedCheck(DecisionEvent decision) {
        List<CheckResult> failed = decision.checks().stream().filter(c -> !c.passed()).toList();
        assertThat(failed).as(describe(decision)).hasSize(1);
        return failed.get(0);
    }

    private static Path honestFiles() {
        return EvaluatorTestKit.writeAdapter(TinyAdapters.honest(), BASE);
    }

    /** Publishes a candidate and returns its one failed check. Sequential: queued together, the older would be superseded. */
    private static CheckResult rejection(CandidateEvent candidate) {
        EvaluatorTestKit.publishCandidate(candidate);
        return failedCheck(awaitDecision(TASK, candidate.version()));
    }

    @Test
    void brokenArtifactsAreRejectedWithTheReasonAndTheConsumerGoesOn() throws IOException {
        TopicsScenario.ensure();

        // Bytes changed after the trainer announced their SHA-256.
        String corruptVersion = EvaluatorTestKit.newVersion();
        CandidateEvent corrupt = EvaluatorTestKit.uploadCandidate(TASK, corruptVersion, BASE, honestFiles());
        String weightsKey = ObjectLayout.candidatePrefix(TASK, corruptVersion) + PeftFormat.WEIGHTS_FILE;
        byte[] weights = EvaluatorTestKit.objects().getBytes(weightsKey);
        weights[weights.length - 1] ^= 0x5a;
        EvaluatorTestKit.objects().put(weightsKey, weights, "application/octet-stream");
        CheckResult corruptCheck = rejection(corrupt);
        assertThat(corruptCheck.name()).isEqualTo("artifacts");
        assertThat(corruptCheck.detail()).contains("corrupt file").contains(weightsKey).contains("expected");

        // A truncated weights file announced with its own (matching) SHA-256: it must fail to load.
        Path truncatedDir = honestFiles();
        Path truncatedWeights = truncatedDir.resolve(PeftFormat.WEIGHTS_FILE);
        byte[] full = Files.readAllBytes(truncatedWeights);
        Files.write(truncatedWeights, java.util.Arrays.copyOf(full, full.length / 2));
        CheckResult truncatedCheck = rejection(EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(), BASE,
                truncatedDir));
        assertThat(truncatedCheck.name()).isEqualTo("adapter_loads");
        assertThat(truncatedCheck.detail()).contains("the adapter does not load").contains("past the");

        // adapter_config.json that is not JSON.
        Path badConfigDir = honestFiles();
        Files.writeString(badConfigDir.resolve(PeftFormat.CONFIG_FILE), "{\"peft_type\": \"LORA\",");
        CheckResult badConfigCheck = rejection(EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(), BASE,
                badConfigDir));
        assertThat(badConfigCheck.name()).isEqualTo("adapter_loads");
        assertThat(badConfigCheck.detail()).contains("the adapter does not load");

        // Labels that are not the task's.
        CheckResult labelsCheck = rejection(EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(), BASE,
                EvaluatorTestKit.writeAdapter(TinyAdapters.otherLabels(), BASE)));
        assertThat(labelsCheck.name()).isEqualTo("label_map");
        assertThat(labelsCheck.detail()).contains("[SPORT, WEATHER, MONEY]").contains("[sport, weather, money]");

        // A file announced but never uploaded.
        String missingVersion = EvaluatorTestKit.newVersion();
        Path onlyConfig = honestFiles();
        Files.delete(onlyConfig.resolve(PeftFormat.WEIGHTS_FILE));
        Map<String, String> files = new HashMap<>(EvaluatorTestKit.store().putCandidate(TASK, missingVersion, onlyConfig));
        files.put(PeftFormat.WEIGHTS_FILE, Sha256.of(full));
        CheckResult missingCheck = rejection(EvaluatorTestKit.candidateEvent(TASK, missingVersion, BASE, files));
        assertThat(missingCheck.name()).isEqualTo("artifacts");
        assertThat(missingCheck.detail()).contains("is missing from the store")
                .contains(ObjectLayout.candidatePrefix(TASK, missingVersion) + PeftFormat.WEIGHTS_FILE);

        // Not a candidate event at all (skipped), then one that names its task and version but lacks everything else.
        String invalidVersion = EvaluatorTestKit.newVersion();
        EvaluatorTestKit.send(Topics.ADAPTERS_CANDIDATES, TASK, Map.of("garbage", true));
        EvaluatorTestKit.send(Topics.ADAPTERS_CANDIDATES, TASK, Map.of("schemaVersion", 1, "task", TASK,
                "version", invalidVersion));
        CheckResult invalidCheck = failedCheck(awaitDecision(TASK, invalidVersion));
        assertThat(invalidCheck.name()).isEqualTo("candidate_event");
        assertThat(invalidCheck.detail()).contains("is required");

        // A good candidate behind all of them is still decided: the consumer survived every one.
        CandidateEvent good = announce(TASK, BASE, TinyAdapters.honest());
        assertThat(awaitDecision(TASK, good.version()).approved()).isTrue();
        assertThat(metric("lorastream_evaluator_candidates_unreadable_total")).isPositive();
    }

    @Test
    void aReDeliveredCandidateGetsTheSameDecision() {
        TopicsScenario.ensure();
        CandidateEvent candidate = announce(TASK, BASE, TinyAdapters.rotated());
        DecisionEvent first = awaitDecision(TASK, candidate.version());

        EvaluatorTestKit.publishCandidate(candidate);
        List<DecisionEvent> both = EvaluatorTestKit.awaitDecisions(TASK, candidate.version(), 2, Duration.ofSeconds(120));

        assertThat(both).hasSize(2);
        assertThat(both.get(1)).isEqualTo(first); // same checks, metrics, duration and decidedAt: not re-evaluated
        assertThat(metric("lorastream_evaluator_decisions_republished_total{task=\"" + TASK + "\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aNewerCandidateQueuedBehindAnOlderOneSupersedesIt() {
        TopicsScenario.ensure();
        CandidateEvent older = EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(), BASE, honestFiles());
        CandidateEvent newer = EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(), BASE, honestFiles());
        // One produce batch, so the consumer reads both in one poll: the older is queued while the newer waits behind.
        try (KafkaProducer<String, byte[]> producer = EvaluatorTestKit.producer(500)) {
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_CANDIDATES, TASK, ContractJson.toBytes(older)));
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_CANDIDATES, TASK, ContractJson.toBytes(newer)));
        }

        CheckResult superseded = failedCheck(awaitDecision(TASK, older.version()));
        assertThat(superseded.name()).isEqualTo("superseded");
        assertThat(superseded.detail()).contains(newer.version());
        assertThat(awaitDecision(TASK, newer.version()).approved()).isTrue();
    }

    @Test
    void anS3OutageDelaysTheDecisionInsteadOfRejecting() {
        TopicsScenario.ensure();
        Path files = honestFiles();
        CandidateEvent candidate = EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(), BASE, files);
        devStack.stopS3();
        try {
            EvaluatorTestKit.publishCandidate(candidate);
            EvaluatorTestKit.sleep(4000);
            assertThat(EvaluatorTestKit.decisions(TASK, candidate.version())).isEmpty();
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            devStack.startS3();
        }
        DecisionEvent decision = awaitDecision(TASK, candidate.version());
        assertThat(decision.approved()).as(describe(decision)).isTrue();
        assertThat(metric("lorastream_evaluator_transient_failures_total")).isPositive();
    }

    @Test
    void theOperatorSeesDecisionsRejectionsSetsAndTimingsInTheMetrics() {
        TopicsScenario.ensure();
        DecisionEvent rejected = awaitDecision(TASK, announce(TASK, BASE, TinyAdapters.forgetful()).version());
        assertThat(rejected.approved()).isFalse();

        String tag = "task=\"" + TASK + "\"";
        assertThat(metric("lorastream_evaluator_decisions_total{" + tag + ",verdict=\"rejected\"")).isPositive();
        assertThat(metric("lorastream_evaluator_rejections_total{check=\"forgetting_retention_class_recall\"," + tag))
                .isPositive();
        assertThat(metric("lorastream_evaluator_candidates_evaluated_total{" + tag)).isPositive();
        assertThat(metric("lorastream_evaluator_set_items{set=\"holdout\"," + tag)).isEqualTo(60);
        assertThat(metric("lorastream_evaluator_set_items{set=\"retention\"," + tag)).isEqualTo(90);
        assertThat(metric("lorastream_evaluator_forgetting_max_class_recall_drop_ratio{set=\"retention\"," + tag))
                .isGreaterThan(0.5);
        assertThat(metric("lorastream_evaluator_last_metric_ratio{metric=\"macro_f1\",model=\"candidate\",set=\"holdout\","
                + tag)).isGreaterThan(0.8);
        assertThat(metric("lorastream_evaluator_evaluation_seconds_count{" + tag)).isPositive();
        assertThat(metric("lorastream_evaluator_scored_items_total{model=\"reference\"," + tag)).isPositive();
        assertThat(metric("lorastream_evaluator_holdout_records_total{outcome=\"added\"," + tag)).isEqualTo(150);
    }

    /** The value of the first Prometheus sample whose name and labels start with {@code prefix}. */
    static double metric(String prefix) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + prefix + " in /q/metrics:\n" + body.lines()
                .filter(l -> l.startsWith("lorastream_evaluator")).reduce("", (a, b) -> a + b + "\n"));
    }
}
