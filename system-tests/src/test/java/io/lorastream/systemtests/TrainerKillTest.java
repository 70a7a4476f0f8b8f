package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The trainer SIGKILLed in the middle of a training job, then started again on the same port and data. */
@ExtendWith(SharedSystem.class)
class TrainerKillTest {

    private static final String TASK = "fault-trainer-kill";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aTrainerKilledMidJobTrainsEveryWindowOnceAndTheChampionStaysConsistent(RunningSystem system) {
        // Batch 1, 8 epochs: a few hundred small steps, long enough to be caught mid-job.
        system.putTask(FaultTasks.task(TASK, 8, 1));
        ExampleFeeder feeder = new ExampleFeeder(system, TASK, TASK, 40);
        feeder.sendBatch();
        JsonNode view = Await.until("a training job of " + TASK + " at step 3 or later", TIMEOUT,
                () -> system.trainerTask(TASK), v -> v != null && "training".equals(v.path("job").path("stage").asText())
                        && v.path("job").path("step").asInt() >= 3);

        system.trainer().kill();

        PipelineAudit audit = new PipelineAudit(system, TASK);
        assertThat(audit.candidates()).as("no candidate announced before the kill: the job was at %s", view.path("job"))
                .isEmpty();
        system.trainer().start();
        system.trainer().awaitReady(RunningSystem.START_TIMEOUT);
        feeder.sendBatch();

        audit.assertEveryAcknowledgedExampleExactlyOnce(feeder.acknowledged());
        audit.assertEndState(TIMEOUT);
        assertThat(audit.candidates()).as("windows trained after the restart").isNotEmpty();
        assertThat(audit.candidates().get(0).version()).as("the killed job's window keeps its planned version")
                .isEqualTo(view.path("job").path("version").asText());
    }
}
