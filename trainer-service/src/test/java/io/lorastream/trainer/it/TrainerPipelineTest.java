package io.lorastream.trainer.it;

import static io.lorastream.trainer.it.TrainerTestSupport.await;
import static io.lorastream.trainer.it.TrainerTestSupport.awaitValue;
import static io.lorastream.trainer.it.TrainerTestSupport.tinySpec;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.lora.peft.PeftAdapter;
import io.lorastream.lora.peft.PeftAdapterReader;
import io.lorastream.lora.testing.TinyBert;
import io.lorastream.store.Sha256;
import io.lorastream.trainer.domain.ReplayReservoir;
import io.lorastream.trainer.domain.TrainingLineage;
import io.lorastream.trainer.store.CandidateFiles;
import io.lorastream.trainer.store.FailureRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer-service end to end on a real Kafka broker and S3 server, with a tiny random BERT as
 * the base model: examples in, candidates out, with lineage, warm starts, replay, independent
 * tasks, bad data, an S3 outage, and the admin API.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class TrainerPipelineTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final String ADMIN = "Bearer test-admin-token";

    static TrainerTestSupport world;

    @BeforeAll
    static void start() {
        DevStack stack = DevStackTestResource.current();
        world = new TrainerTestSupport(stack.bootstrapServers(), stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket());
        world.store.putModel(TrainerTestSupport.TINY_MODEL, TinyBert.dir());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static void register(TaskSpec spec) {
        world.putTask(spec);
        // The catalog is followed continuously; give it a moment before examples arrive (the trainer
        // would wait its grace period for an unknown task anyway).
        TrainerTestSupport.sleep(300);
    }

    @Test
    void aStreamOfExamplesBecomesAnAnnouncedCandidateWithExactLineage() throws Exception {
        register(tinySpec("t-lineage", 12));
        List<RecordMetadata> written = world.sendExamples("t-lineage", 0, 12, "lineage");

        CandidateEvent candidate = world.awaitCandidates("t-lineage", 1, JOB_TIMEOUT).get(0);

        int partition = written.get(0).partition();
        assertThat(written).allMatch(m -> m.partition() == partition);
        assertThat(candidate.trainedOn()).containsExactly(new OffsetRange(Topics.EXAMPLES_TRAIN, partition,
                written.get(0).offset(), written.get(11).offset()));
        assertThat(candidate.trainingExamples()).isEqualTo(12);
        assertThat(candidate.warmStartVersion()).isNull();
        assertThat(candidate.baseModel()).isEqualTo(TrainerTestSupport.TINY_MODEL);
        assertThat(candidate.baseModelSha256()).isEqualTo(Sha256.of(TinyBert.dir().resolve("model.safetensors")));
        assertThat(candidate.objectPrefix()).isEqualTo(ObjectLayout.candidatePrefix("t-lineage", candidate.version()));
        assertThat(candidate.files()).containsOnlyKeys("adapter_config.json", "adapter_model.safetensors", "training.json");
        candidate.files().forEach((name, sha) ->
                assertThat(world.store.sha256Of(candidate.objectPrefix() + name)).as(name).isEqualTo(sha));

        TrainingLineage lineage = ContractJson.fromBytes(world.objects.getBytes(candidate.objectPrefix() + "training.json"),
                TrainingLineage.class);
        assertThat(lineage.version()).isEqualTo(candidate.version());
        assertThat(lineage.trainedOn()).isEqualTo(candidate.trainedOn());
        assertThat(lineage.windowExamples()).isEqualTo(12);
        assertThat(lineage.replayExamples()).as("nothing to replay before the first job").isZero();
        assertThat(lineage.labels()).isEqualTo(TrainerTestSupport.LABELS);
        assertThat(lineage.stepLosses()).hasSize(3).allMatch(Double::isFinite);
        assertThat(lineage.hyperparameters()).containsEntry("epochs", 1).containsEntry("batchSize", 4)
                .containsEntry("headLearningRate", 1e-2).containsKey("seed");
        assertThat(lineage.device()).contains("cpu");
        assertThat(lineage.wallSeconds()).isPositive();

        Path dir = world.store.fetchFiles(candidate.objectPrefix(), Map.of(
                "adapter_config.json", candidate.files().get("adapter_config.json"),
                "adapter_model.safetensors", candidate.files().get("adapter_model.safetensors")),
                Files.createTempDirectory("candidate"));
        PeftAdapter adapter = PeftAdapterReader.read(dir);
        assertThat(adapter.state().labels()).isEqualTo(TrainerTestSupport.LABELS);
        assertThat(adapter.baseModelNameOrPath()).isEqualTo(TrainerTestSupport.TINY_MODEL);
        assertThat(adapter.state().tensors()).containsKey("classifier.weight")
                .containsKey("bert.encoder.layer.0.attention.self.query.lora_A.weight");

        assertThat(world.objects.stat(candidate.objectPrefix() + CandidateFiles.ANNOUNCED)).isPresent();
        ReplayReservoir reservoir = ContractJson.fromBytes(world.objects.getBytes(
                ObjectLayout.replayPrefix("t-lineage") + "reservoir.json"), ReplayReservoir.class);
        assertThat(reservoir.appliedVersion()).isEqualTo(candidate.version());
        assertThat(reservoir.size()).isEqualTo(12);
        awaitValue("the window's offsets committed", JOB_TIMEOUT,
                () -> world.committedOffset("lorastream-trainer", partition), o -> o == written.get(11).offset() + 1);
    }

    @Test
    void theNextJobWarmStartsFromTheChampionAndReplaysThePast() {
        register(tinySpec("t-warm", 12));
        List<RecordMetadata> first = world.sendExamples("t-warm", 0, 12, "first wave");
        CandidateEvent v1 = world.awaitCandidates("t-warm", 1, JOB_TIMEOUT).get(0);
        world.store.promote("t-warm", v1.version(), v1.files());
        world.putChampion(new ChampionEvent(SchemaVersion.CURRENT, "t-warm", v1.version(), null, "approved",
                v1.baseModel(), ObjectLayout.adapterPrefix("t-warm", v1.version()), v1.files(), Instant.now()));
        TrainerTestSupport.sleep(500);

        world.sendExamples("t-warm", 100, 12, "second wave");
        CandidateEvent v2 = world.awaitCandidates("t-warm", 2, JOB_TIMEOUT).get(1);

        assertThat(v2.warmStartVersion()).isEqualTo(v1.version());
        assertThat(v2.version()).isGreaterThan(v1.version());
        assertThat(v2.trainedOn().get(0).fromOffset()).isGreaterThan(first.get(11).offset());
        TrainingLineage lineage = ContractJson.fromBytes(world.objects.getBytes(v2.objectPrefix() + "training.json"),
                TrainingLineage.class);
        assertThat(lineage.warmStartVersion()).isEqualTo(v1.version());
        assertThat(lineage.replayExamples()).isEqualTo(6);
        assertThat(v2.trainingExamples()).isEqualTo(18);
        Set<String> firstWave = firstWaveHashes(first.size());
        assertThat(lineage.replaySampleIds()).hasSize(6).allMatch(firstWave::contains);

        // A changed spec applies from the next job: a LoRA of another rank cannot continue the champion's.
        world.store.promote("t-warm", v2.version(), v2.files());
        world.putChampion(new ChampionEvent(SchemaVersion.CURRENT, "t-warm", v2.version(), v1.version(), "approved",
                v2.baseModel(), ObjectLayout.adapterPrefix("t-warm", v2.version()), v2.files(), Instant.now()));
        TaskSpec rank4 = new TaskSpec(SchemaVersion.CURRENT, "t-warm", TrainerTestSupport.LABELS, TrainerTestSupport.TINY_MODEL,
                new io.lorastream.contracts.LoraSpec(4, 8, 0.0, List.of("query", "value"), false),
                tinySpec("t-warm", 12).training().withEpochs(2), tinySpec("t-warm", 12).trigger(),
                io.lorastream.contracts.GatePolicy.DEFAULT, 0.1, false, 20_000);
        register(rank4);
        world.sendExamples("t-warm", 200, 12, "third wave");
        CandidateEvent v3 = world.awaitCandidates("t-warm", 3, JOB_TIMEOUT).get(2);
        TrainingLineage third = ContractJson.fromBytes(world.objects.getBytes(v3.objectPrefix() + "training.json"),
                TrainingLineage.class);
        assertThat(third.hyperparameters()).containsEntry("r", 4).containsEntry("epochs", 2);
        assertThat(third.warmStartVersion()).isNull();
        assertThat(third.warmStartNote()).contains("LoRA settings").contains("r=8");
        assertThat(v3.warmStartVersion()).isNull();
    }

    private static Set<String> firstWaveHashes(int count) {
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String label = i % 2 == 0 ? "ham" : "spam";
            String text = (label.equals("spam") ? "WIN money now, offer " : "meeting notes for project ") + "first wave " + i;
            hashes.add(TrainerTestSupport.sha256(text));
        }
        return hashes;
    }

    @Test
    void aJobOnTheRealMiniLmLearnsTheWindow() throws Exception {
        world.store.putModel("all-minilm-l6-v2", io.lorastream.lora.testing.MiniLm.dir());
        TaskSpec spec = TaskSpec.withDefaults("t-minilm", TrainerTestSupport.LABELS)
                .withTrigger(new io.lorastream.contracts.TrainingTrigger(32, Duration.ofHours(1), 1))
                .withTraining(new io.lorastream.contracts.TrainingSpec(5, 8, 48, 1e-3, 2e-2, 0.0, "balanced", 0.0, 0,
                        0.0, 100));
        register(spec);
        world.sendExamples("t-minilm", 0, 32, "minilm");

        CandidateEvent candidate = world.awaitCandidates("t-minilm", 1, Duration.ofMinutes(5)).get(0);

        assertThat(candidate.baseModel()).isEqualTo("all-minilm-l6-v2");
        TrainingLineage lineage = ContractJson.fromBytes(world.objects.getBytes(candidate.objectPrefix() + "training.json"),
                TrainingLineage.class);
        assertThat(lineage.epochs()).hasSize(5);
        assertThat(lineage.epochs().get(4).trainingLoss()).as("the model learns what it was shown")
                .isLessThan(lineage.epochs().get(0).trainingLoss() * 0.5);
        Path dir = world.store.fetchFiles(candidate.objectPrefix(), Map.of(
                "adapter_config.json", candidate.files().get("adapter_config.json"),
                "adapter_model.safetensors", candidate.files().get("adapter_model.safetensors")),
                Files.createTempDirectory("minilm-candidate"));
        try (io.lorastream.lora.infer.TextClassifier classifier = io.lorastream.lora.infer.TextClassifier.builder()
                .setBaseModel(io.lorastream.lora.testing.MiniLm.model())
                .optAdapter(PeftAdapterReader.read(dir).state()).optDevice("cpu").build()) {
            assertThat(classifier.predict("WIN money now, offer minilm 3").label()).isEqualTo("spam");
            assertThat(classifier.predict("meeting notes for project minilm 4").label()).isEqualTo("ham");
        }
    }

    @Test
    void twoTasksInterleavedOnTheStreamTrainIndependently() {
        register(tinySpec("t-alpha", 8));
        register(tinySpec("t-beta", 8));
        for (int i = 0; i < 8; i++) {
            world.sendExamples("t-alpha", i, 1, "alpha");
            world.sendExamples("t-beta", i, 1, "beta");
        }

        CandidateEvent alpha = world.awaitCandidates("t-alpha", 1, JOB_TIMEOUT).get(0);
        CandidateEvent beta = world.awaitCandidates("t-beta", 1, JOB_TIMEOUT).get(0);

        assertThat(alpha.trainingExamples()).isEqualTo(8);
        assertThat(beta.trainingExamples()).isEqualTo(8);
        assertThat(alpha.version()).isNotEqualTo(beta.version());
        assertThat(alpha.objectPrefix()).startsWith("candidates/t-alpha/");
        assertThat(beta.objectPrefix()).startsWith("candidates/t-beta/");
    }

    @Test
    void dataThatBreaksTrainingFailsTheJobClearlyAndTheServiceGoesOn() {
        register(tinySpec("t-bad", 6));
        // Accepted while the task still had the label "eggs"; the spec no longer has it.
        for (int i = 0; i < 6; i++) {
            world.sendExample(TrainerTestSupport.example("t-bad", "green eggs " + i, i % 2 == 0 ? "eggs" : "ham"));
        }

        String failedVersion = awaitValue("a failed job on t-bad", JOB_TIMEOUT, () -> given().get("/v1/tasks/t-bad")
                        .then().extract().jsonPath().getString("recentJobs.find { it.status == 'failed' }.version"),
                v -> v != null);

        FailureRecord failure = ContractJson.fromBytes(world.objects.getBytes(
                ObjectLayout.candidatePrefix("t-bad", failedVersion) + CandidateFiles.FAILED), FailureRecord.class);
        assertThat(failure.reason()).contains("'eggs' (3 examples)").contains("[ham, spam]");
        assertThat(failure.trainedOn()).hasSize(1);
        given().get("/v1/tasks/t-bad").then().body("recentJobs[0].reason", containsString("'eggs'"));
        given().get("/q/metrics").then().body(containsString("lorastream_trainer_jobs_failed_total{task=\"t-bad\"} 1.0"));
        assertThat(world.candidates("t-bad")).isEmpty();

        // Meanwhile the service serves other tasks as usual.
        register(tinySpec("t-bystander", 6));
        world.sendExamples("t-bystander", 0, 6, "bystander");
        assertThat(world.awaitCandidates("t-bystander", 1, JOB_TIMEOUT)).hasSize(1);

        // The window was skipped, not retried forever: the next good window trains.
        world.sendExamples("t-bad", 0, 6, "good");
        CandidateEvent good = world.awaitCandidates("t-bad", 1, JOB_TIMEOUT).get(0);
        assertThat(good.trainingExamples()).isEqualTo(6);
        assertThat(good.trainedOn().get(0).fromOffset()).isGreaterThan(failure.trainedOn().get(0).toOffset());
    }

    @Test
    void anS3OutageDuringAJobIsWaitedOutAndItsWindowIsNotCommittedMeanwhile() {
        TaskSpec slow = tinySpec("t-s3", 8).withTraining(new io.lorastream.contracts.TrainingSpec(60, 4, 32, 1e-3, 1e-2,
                0.0, "balanced", 0.0, 0, 0.0, 100));
        register(slow);
        List<RecordMetadata> written = world.sendExamples("t-s3", 0, 8, "outage");
        int partition = written.get(0).partition();
        long before = world.committedOffset("lorastream-trainer", partition);
        DevStack stack = DevStackTestResource.current();
        awaitValue("the t-s3 job training", JOB_TIMEOUT,
                () -> given().get("/v1/tasks/t-s3").then().extract().jsonPath().getString("job.stage"),
                "training"::equals);
        stack.stopS3();
        try {
            awaitValue("the job waiting on S3", JOB_TIMEOUT,
                    () -> given().get("/v1/tasks/t-s3").then().extract().jsonPath().getString("job.stage"),
                    "uploading"::equals);
            TrainerTestSupport.sleep(2000);
            assertThat(world.candidates("t-s3")).isEmpty();
            assertThat(world.committedOffset("lorastream-trainer", partition)).as("window not committed")
                    .isLessThanOrEqualTo(Math.max(before, written.get(0).offset()));
            given().get("/q/health/ready").then().statusCode(503).body(containsString("\"s3\""));
            given().get("/q/metrics").then().body(containsString("lorastream_trainer_step_retries_total{system=\"s3\"}"));
        } finally {
            stack.startS3();
        }

        CandidateEvent candidate = world.awaitCandidates("t-s3", 1, JOB_TIMEOUT).get(0);
        assertThat(candidate.trainingExamples()).isEqualTo(8);
        candidate.files().forEach((name, sha) ->
                assertThat(world.store.sha256Of(candidate.objectPrefix() + name)).as(name).isEqualTo(sha));
        awaitValue("the window's offsets committed", JOB_TIMEOUT,
                () -> world.committedOffset("lorastream-trainer", partition), o -> o == written.get(7).offset() + 1);
    }

    @Test
    void theAdminApiListsTriggersAndCancelsJobsAndNeedsAnAdminToken() {
        TaskSpec spec = tinySpec("t-admin", 50).withTraining(new io.lorastream.contracts.TrainingSpec(100, 1, 32, 1e-3,
                1e-2, 0.0, "balanced", 0.0, 0, 0.0, 100));
        register(spec);
        world.sendExamples("t-admin", 0, 5, "admin");
        awaitValue("t-admin buffered", JOB_TIMEOUT,
                () -> given().get("/v1/tasks/t-admin").then().extract().statusCode(), s -> s == 200);
        given().get("/v1/tasks").then().statusCode(200).body(containsString("\"task\":\"t-admin\""));
        given().get("/v1/tasks/t-admin").then().body("pendingExamples", org.hamcrest.Matchers.equalTo(5));

        given().post("/v1/tasks/t-admin/jobs").then().statusCode(401).body("rule", org.hamcrest.Matchers.equalTo("missing_token"));
        given().header("Authorization", "Bearer wrong").post("/v1/tasks/t-admin/jobs").then().statusCode(401)
                .body("rule", org.hamcrest.Matchers.equalTo("invalid_token"));
        given().header("Authorization", ADMIN).post("/v1/tasks/../jobs").then().statusCode(org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(400), org.hamcrest.Matchers.is(404)));
        given().header("Authorization", ADMIN).post("/v1/tasks/Bad_Id/jobs").then().statusCode(400)
                .body("rule", org.hamcrest.Matchers.equalTo("invalid_task_id"));
        given().header("Authorization", ADMIN).delete("/v1/tasks/t-admin/jobs/current").then().statusCode(404);

        given().header("Authorization", ADMIN).post("/v1/tasks/t-admin/jobs").then().statusCode(202);
        String version = awaitValue("the manual job training", JOB_TIMEOUT,
                () -> given().get("/v1/tasks/t-admin").then().extract().jsonPath().getString("job.version"),
                v -> v != null);
        given().header("Authorization", ADMIN).post("/v1/tasks/t-admin/jobs").then().statusCode(409);
        given().header("Authorization", ADMIN).delete("/v1/tasks/t-admin/jobs/current").then().statusCode(202);
        awaitValue("the job cancelled", JOB_TIMEOUT,
                () -> given().get("/v1/tasks/t-admin").then().extract().jsonPath().getString("recentJobs[0].status"),
                "cancelled"::equals);
        given().get("/v1/tasks/t-admin").then().body("plannedWindows", org.hamcrest.Matchers.equalTo(1));
        TrainerTestSupport.sleep(1000);
        assertThat(world.candidates("t-admin")).as("a cancelled window waits").isEmpty();

        // Asking again trains the held window, under the same version.
        given().header("Authorization", ADMIN).post("/v1/tasks/t-admin/jobs").then().statusCode(202);
        awaitValue("the held window running again", JOB_TIMEOUT,
                () -> given().get("/v1/tasks/t-admin").then().extract().jsonPath().getString("job.version"),
                version::equals);
        given().header("Authorization", ADMIN).delete("/v1/tasks/t-admin/jobs/current").then().statusCode(202);
        await("the second cancel", JOB_TIMEOUT, () -> "cancelled".equals(given().get("/v1/tasks/t-admin").then().extract()
                .jsonPath().getString("recentJobs[0].status")) && given().get("/v1/tasks/t-admin").then().extract()
                .jsonPath().getString("job") == null);
        assertThat(given().get("/v1/tasks/t-admin").then().extract().jsonPath().getList("recentJobs.version").stream()
                .collect(Collectors.toSet())).containsOnly(version);
    }
}
