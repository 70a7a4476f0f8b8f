package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ingest SIGKILLed while a batch is on the wire, then started again on the same port and data. */
@ExtendWith(SharedSystem.class)
class IngestKillTest {

    private static final String TASK = "fault-ingest-kill";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anIngestKilledMidBatchLosesAndDuplicatesNoAcknowledgedExample(RunningSystem system) {
        system.putTask(FaultTasks.ingestOnly(TASK));
        ExampleFeeder feeder = new ExampleFeeder(system, TASK, TASK, 500);
        feeder.sendBatch();
        feeder.start();
        Await.until("a batch on the wire after 3 acknowledged ones", TIMEOUT,
                () -> feeder.batchesAcknowledged() >= 3 && feeder.inFlight(), ok -> ok);

        system.ingest().kill();

        int acknowledgedAtKill = feeder.batchesAcknowledged();
        system.ingest().start();
        system.ingest().awaitReady(RunningSystem.START_TIMEOUT);
        Await.until("two more batches acknowledged after the restart", TIMEOUT, feeder::batchesAcknowledged,
                n -> n >= acknowledgedAtKill + 2);
        feeder.stop();

        assertThat(feeder.unexpected()).as("answers a retrying client should never get").isEmpty();
        assertThat(feeder.statuses()).as("the kill cut requests off (no answer) and the client retried them")
                .containsKey(-1);
        new PipelineAudit(system, TASK).assertEveryAcknowledgedExampleExactlyOnce(feeder.acknowledged());
    }
}
