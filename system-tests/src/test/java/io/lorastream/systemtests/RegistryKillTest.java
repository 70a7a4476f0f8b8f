package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.DecisionEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry SIGKILLed in the middle of a promotion: it has read an approval and is retrying the promotion
 * against an S3 it cannot reach (its link to S3 cut), then it is started again with S3 back.
 */
@ExtendWith(SharedSystem.class)
class RegistryKillTest {

    private static final String TASK = "fault-registry-kill";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRegistryKilledMidPromotionPromotesOnceAfterRestartAndTheChampionIsConsistent(RunningSystem system) {
        system.putTask(FaultTasks.task(TASK, 1, 4));
        ExampleFeeder feeder = new ExampleFeeder(system, TASK, TASK, 40);
        PipelineAudit audit = new PipelineAudit(system, TASK);
        try {
            feeder.sendBatch();
            Await.until("the trainer's job on " + TASK, TIMEOUT, () -> system.trainerTask(TASK),
                    v -> v != null && v.path("job").has("stage"));
            // Before the decision can exist: the registry will read it and find S3 out of reach.
            system.registryS3().cut();
            CandidateEvent candidate = audit.awaitCandidates(1, TIMEOUT).get(0);
            DecisionEvent decision = audit.awaitDecision(candidate.version(), TIMEOUT);
            assertThat(decision.approved()).as("the open gate approves: %s", decision.checks()).isTrue();
            Await.until("the registry retrying the promotion of " + candidate.version(), TIMEOUT,
                    () -> system.registry().logHasLine("not handled yet", "adapters/" + TASK + "/"), ok -> ok);

            system.registry().kill();

            assertThat(audit.outcomeRecorded(candidate.version())).as("no outcome before the kill: mid-promotion").isFalse();
        } finally {
            system.registryS3().restore();
        }
        system.registry().start();
        system.registry().awaitReady(RunningSystem.START_TIMEOUT);
        feeder.sendBatch();

        audit.assertEveryAcknowledgedExampleExactlyOnce(feeder.acknowledged());
        audit.assertEndState(TIMEOUT);
        assertThat(audit.champions().api()).as("a champion after the restart").isNotNull();
    }
}
