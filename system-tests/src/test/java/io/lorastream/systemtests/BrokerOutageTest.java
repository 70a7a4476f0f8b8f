package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka broker stopped and started again (same port, same data) while clients keep sending examples,
 * two over HTTP and one straight to the feedback topic (ingest's Kafka-native input).
 */
@ExtendWith(SharedSystem.class)
class BrokerOutageTest {

    private static final String TASK = "fault-broker-outage";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aBrokerOutageUnderIngestLoadLosesNoAcknowledgedExampleAndClientsSee503(RunningSystem system) {
        system.putTask(FaultTasks.ingestOnly(TASK));
        // Retried until the new task has reached ingest's catalog (404 until then), so that the two clients
        // below see nothing but the outage.
        ExampleFeeder warmUp = new ExampleFeeder(system, TASK, TASK + "-warm-up", 10);
        warmUp.sendBatch();
        ExampleFeeder first = new ExampleFeeder(system, TASK, TASK + "-a", 100);
        ExampleFeeder second = new ExampleFeeder(system, TASK, TASK + "-b", 100);
        FeedbackFeeder feedback = new FeedbackFeeder(system.stack().bootstrapServers(), TASK, TASK + "-native");
        first.start();
        second.start();
        feedback.start();
        Await.until("10 batches acknowledged before the outage", TIMEOUT,
                () -> first.batchesAcknowledged() + second.batchesAcknowledged(), n -> n >= 10);

        system.stack().stopKafka();
        int before;
        try {
            Await.until("both clients answered 503 while the broker is down", TIMEOUT,
                    () -> first.statuses().getOrDefault(503, 0) > 0 && second.statuses().getOrDefault(503, 0) > 0, ok -> ok);
            before = first.batchesAcknowledged() + second.batchesAcknowledged();
        } finally {
            system.stack().startKafka();
        }
        Await.until("5 more batches acknowledged after the broker came back", TIMEOUT,
                () -> first.batchesAcknowledged() + second.batchesAcknowledged(), n -> n >= before + 5);
        first.stop();
        second.stop();
        feedback.close();

        for (ExampleFeeder feeder : List.of(first, second)) {
            assertThat(feeder.unexpected()).as("answers a retrying client should never get").isEmpty();
            assertThat(feeder.statuses().keySet()).as("answers seen: %s", feeder.statuses()).containsOnly(202, 503);
        }
        List<String> acknowledged = new ArrayList<>(warmUp.acknowledged());
        acknowledged.addAll(first.acknowledged());
        acknowledged.addAll(second.acknowledged());
        acknowledged.addAll(feedback.acknowledged());
        assertThat(feedback.failedSends()).as("the feedback producer saw the outage too").isPositive();
        PipelineAudit audit = new PipelineAudit(system, TASK);
        audit.awaitExamples(acknowledged, TIMEOUT);
        audit.assertEveryAcknowledgedExampleExactlyOnce(acknowledged);
        // Every other service rode the outage out too: the next scenarios rely on them.
        system.awaitAllReady(TIMEOUT);
    }
}
