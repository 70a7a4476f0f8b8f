package io.lorastream.trainer.it;

import static io.lorastream.trainer.it.TrainerTestSupport.awaitValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.TrainingSpec;
import io.lorastream.devstack.DevStack;
import io.lorastream.lora.testing.TinyBert;
import io.lorastream.trainer.domain.WindowPlan;
import io.lorastream.trainer.store.CandidateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer killed with SIGKILL at the worst moments (mid-training, while waiting to upload,
 * while waiting to announce), then started again: every window is trained exactly once, under
 * the version it was planned with, with no gap and no second candidate for the same offsets.
 */
class TrainerCrashRecoveryIT {

    /** Bounds a failing wait; on a loaded two-core machine a 200-step job can take two minutes. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String TASK = "crash";

    private DevStack stack;
    private TrainerTestSupport world;
    private TrainerProcess trainer;
    private Path home;

    @BeforeEach
    void start() throws Exception {
        home = Path.of("target", "crash-it-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(home);
        stack = DevStack.builder(home.resolve("devstack")).start();
        world = new TrainerTestSupport(stack.bootstrapServers(), stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket());
        world.store.putModel(TrainerTestSupport.TINY_MODEL, TinyBert.dir());
        // Slow enough to be caught mid-training: 10 examples, batch 1, 20 epochs.
        TaskSpec spec = TrainerTestSupport.tinySpec(TASK, 10).withTraining(new TrainingSpec(20, 1, 32, 1e-3, 1e-2, 0.0,
                "balanced", 0.0, 0, 0.5, 100));
        world.putTask(spec);
        trainer = new TrainerProcess(stack, home);
        trainer.start();
    }

    @AfterEach
    void stop() throws Exception {
        trainer.close();
        world.close();
        stack.close();
    }

    private String stage() {
        String body = trainer.get("/v1/tasks/" + TASK);
        if (body == null) {
            return null;
        }
        JsonNode job;
        try {
            job = ContractJson.mapper().readTree(body).path("job");
        } catch (java.io.IOException e) {
            return null;
        }
        return job.isMissingNode() || job.isNull() ? null : job.path("stage").asText() + ":" + job.path("step").asInt();
    }

    private void awaitStage(String stage, int minStep) {
        awaitValue("the job at stage " + stage, TIMEOUT, this::stage, s -> s != null && s.startsWith(stage + ":")
                && Integer.parseInt(s.substring(s.indexOf(':') + 1)) >= minStep);
    }

    private WindowPlan onlyPlan() {
        List<String> versions = world.objects.childNames(ObjectLayout.candidatesPrefix(TASK));
        assertThat(versions).hasSize(1);
        return ContractJson.fromBytes(world.objects.getBytes(
                ObjectLayout.candidatePrefix(TASK, versions.get(0)) + CandidateFiles.WINDOW), WindowPlan.class);
    }

    @Test
    void aKillMidTrainingRetrainsTheSameWindowOnceAfterRestart() throws Exception {
        List<RecordMetadata> written = world.sendExamples(TASK, 0, 10, "mid-training");
        awaitStage("training", 20);

        trainer.kill();

        WindowPlan planned = onlyPlan();
        assertThat(planned.ranges()).containsExactly(rangeOf(written));
        assertThat(world.candidates(TASK)).isEmpty();
        assertThat(world.committedOffset("lorastream-trainer", written.get(0).partition()))
                .as("nothing committed past the window").isLessThanOrEqualTo(written.get(0).offset());

        trainer.start();
        CandidateEvent candidate = world.awaitCandidates(TASK, 1, TIMEOUT).get(0);

        assertThat(candidate.version()).as("the planned version").isEqualTo(planned.version());
        assertThat(candidate.trainedOn()).containsExactly(rangeOf(written));
        TrainerTestSupport.sleep(3000);
        assertThat(world.candidates(TASK)).as("exactly one candidate").hasSize(1);
        awaitValue("offsets committed", TIMEOUT, () -> world.committedOffset("lorastream-trainer",
                written.get(0).partition()), o -> o == written.get(9).offset() + 1);
    }

    @Test
    void aKillWhileWaitingForS3FinishesTheWindowAfterRestart() throws Exception {
        List<RecordMetadata> written = world.sendExamples(TASK, 0, 10, "s3 down");
        awaitStage("training", 5);
        stack.stopS3();
        awaitStage("uploading", 0);

        trainer.kill();
        stack.startS3();
        WindowPlan planned = onlyPlan();
        trainer.start();

        CandidateEvent candidate = world.awaitCandidates(TASK, 1, TIMEOUT).get(0);
        assertThat(candidate.version()).isEqualTo(planned.version());
        assertThat(candidate.trainedOn()).containsExactly(rangeOf(written));

        // The next window follows on without a gap or an overlap.
        List<RecordMetadata> next = world.sendExamples(TASK, 10, 10, "after restart");
        List<CandidateEvent> both = world.awaitCandidates(TASK, 2, TIMEOUT);
        assertThat(both.get(1).trainedOn()).containsExactly(rangeOf(next));
        assertThat(both).extracting(CandidateEvent::version).doesNotHaveDuplicates();
        TrainerTestSupport.sleep(3000);
        assertThat(world.candidates(TASK)).hasSize(2);
    }

    @Test
    void aKillWhileWaitingForKafkaAnnouncesTheCompleteCandidateWithoutTrainingItAgain() throws Exception {
        List<RecordMetadata> written = world.sendExamples(TASK, 0, 10, "kafka down");
        awaitStage("training", 5);
        stack.stopKafka();
        WindowPlan planned = awaitValue("the candidate complete in S3", TIMEOUT, () -> {
            List<String> versions = world.objects.childNames(ObjectLayout.candidatesPrefix(TASK));
            return versions.size() == 1 && world.objects.stat(ObjectLayout.candidatePrefix(TASK, versions.get(0))
                    + CandidateFiles.TRAINING).isPresent() ? onlyPlan() : null;
        }, p -> p != null);
        String lineageSha = world.store.sha256Of(ObjectLayout.candidatePrefix(TASK, planned.version())
                + CandidateFiles.TRAINING);
        awaitValue("readiness down without Kafka", TIMEOUT, () -> trainer.status("/q/health/ready"), s -> s == 503);

        trainer.kill();
        stack.startKafka();
        trainer.start();

        CandidateEvent candidate = world.awaitCandidates(TASK, 1, TIMEOUT).get(0);
        assertThat(candidate.version()).isEqualTo(planned.version());
        assertThat(candidate.trainedOn()).containsExactly(rangeOf(written));
        assertThat(candidate.files().get(CandidateFiles.TRAINING)).as("the lineage written before the kill: not retrained")
                .isEqualTo(lineageSha);
        assertThat(world.store.sha256Of(ObjectLayout.candidatePrefix(TASK, planned.version()) + CandidateFiles.TRAINING))
                .isEqualTo(lineageSha);
        TrainerTestSupport.sleep(3000);
        assertThat(world.candidates(TASK)).hasSize(1);
    }

    private static OffsetRange rangeOf(List<RecordMetadata> written) {
        return new OffsetRange(Topics.EXAMPLES_TRAIN, written.get(0).partition(), written.get(0).offset(),
                written.get(written.size() - 1).offset());
    }
}
