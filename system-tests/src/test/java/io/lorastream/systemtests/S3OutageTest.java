package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.DecisionEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** S3 stopped and started again (same port, same data) under a training job, then under a promotion. */
@ExtendWith(SharedSystem.class)
class S3OutageTest {

    private static final String TASK = "fault-s3-outage";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void jobsAndPromotionsCompleteOnceS3IsBack(RunningSystem system) {
        system.putTask(FaultTasks.task(TASK, 8, 1));
        ExampleFeeder feeder = new ExampleFeeder(system, TASK, TASK, 40);
        PipelineAudit audit = new PipelineAudit(system, TASK);
        feeder.sendBatch();
        Await.until("a training job of " + TASK + " at step 3 or later", TIMEOUT, () -> system.trainerTask(TASK),
                v -> v != null && "training".equals(v.path("job").path("stage").asText())
                        && v.path("job").path("step").asInt() >= 3);

        // Under training: the job finishes its steps and has to wait for S3 to store the candidate.
        system.stack().stopS3();
        try {
            Await.until("the job waiting for S3 to upload", TIMEOUT, () -> system.trainerTask(TASK),
                    v -> v != null && "uploading".equals(v.path("job").path("stage").asText()));
            Await.sleep(2000);
            assertThat(audit.candidates()).as("no candidate announced while S3 is down").isEmpty();
        } finally {
            system.stack().startS3();
        }
        CandidateEvent first = audit.awaitCandidates(1, TIMEOUT).get(0);
        audit.awaitSettled(TIMEOUT);
        assertThat(audit.champions().api()).as("the first window's candidate promoted").isEqualTo(first.version());

        // Under promotion: the registry holds an approval it cannot promote while S3 is down.
        system.registryS3().cut();
        CandidateEvent second;
        try {
            feeder.sendBatch();
            second = audit.awaitCandidates(2, TIMEOUT).get(1);
            DecisionEvent decision = audit.awaitDecision(second.version(), TIMEOUT);
            assertThat(decision.approved()).as("the open gate approves: %s", decision.checks()).isTrue();
            system.stack().stopS3();
        } finally {
            system.registryS3().restore();
        }
        try {
            Await.sleep(3000);
            assertThat(system.champion(TASK).json().path("version").asText())
                    .as("the registry still serves the first champion while S3 is down").isEqualTo(first.version());
        } finally {
            system.stack().startS3();
        }

        audit.assertEveryAcknowledgedExampleExactlyOnce(feeder.acknowledged());
        audit.assertEndState(TIMEOUT);
        assertThat(audit.champions().api()).as("the second window's candidate promoted after S3 came back")
                .isEqualTo(second.version());
        system.awaitAllReady(TIMEOUT);
    }
}
