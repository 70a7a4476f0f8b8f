package io.lorastream.ingest.kafka;

import static io.lorastream.ingest.kafka.IngestOnDevStack.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.servicekit.testing.LogCapture;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feedback consumer after an offset commit that failed: the service's own {@link IngestLifecycle} on a real
 * devstack broker, which is stopped after the first poll's write landed and before its acknowledgement is passed
 * on, so that the consumer's commit goes to a stopped broker and fails.
 */
class FeedbackCommitFailureTest {

    private static final String GROUP = "commit-failure-test";
    private static final String COMMIT_FAILURES = "lorastream.ingest.feedback.commit.failures";

    @RegisterExtension
    static final OwnDevStack devstack = new OwnDevStack("devstack-commit-");
    private IngestOnDevStack service;

    @Test
    void afterACommitFailsTheConsumerGoesOnIngestingAndWritesNothingTwice() throws Exception {
        TaskSpec task = TaskSpec.withDefaults("commit-failure", List.of("ham", "spam"));
        devstack.kafka().putTask(task);
        send(task, "before the failed commit");
        IngestConfig config = devstack.config(GROUP, Map.of());
        KafkaClientSettings settings = new KafkaClientSettings(config);
        BrokerStopsBeforeTheCommit writer = new BrokerStopsBeforeTheCommit(settings);
        try (LogCapture log = LogCapture.start()) {
            service = devstack.serve(config, settings, writer, IngestLifecycle::new);

            assertThat(writer.brokerDown.await(60, TimeUnit.SECONDS)).as("the first write landed, then the broker stopped")
                    .isTrue();
            // The consumer's commit times out against the stopped broker: with the fix it says so and goes on,
            // without it the consumer thread stops with that exception.
            await(() -> commitFailureLogged(log), "the failed commit in the log");
            devstack.stack().startKafka();
            send(task, "after the failed commit 1");
            send(task, "after the failed commit 2");

            IngestOnDevStack.awaitCommitted(devstack.stack(), GROUP, Duration.ofSeconds(60));
            assertThat(IngestOnDevStack.writtenTexts(devstack.kafka(), task.task())).as("examples on the train and holdout topics")
                    .containsExactlyInAnyOrder("before the failed commit", "after the failed commit 1",
                            "after the failed commit 2");
            assertThat(service.registry.find(COMMIT_FAILURES).counters()).as("commit failures counted")
                    .extracting(c -> c.getId().getTag("reason"), Counter::count)
                    .containsExactly(tuple("TimeoutException", 1.0));
            assertThat(log.lines()).as("the warning names the records and the reason").anySatisfy(line -> assertThat(line)
                    .contains(FeedbackConsumer.class.getName(), "not committed", "TimeoutException"));
            assertThat(service.lifecycle.isReady()).as("the service ready throughout (no write failed)").isTrue();
        }
    }

    private static boolean commitFailureLogged(LogCapture log) {
        return log.lines().stream().anyMatch(line -> line.startsWith(FeedbackConsumer.class.getName())
                && line.contains("TimeoutException") && line.contains("committing offsets"));
    }

    private static void send(TaskSpec task, String text) {
        devstack.kafka().send(Topics.FEEDBACK, task.task().getBytes(StandardCharsets.UTF_8),
                ("{\"text\":\"" + text + "\",\"label\":\"ham\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The first write is sent for real; when the broker acknowledges it, the broker is stopped, and only then is the
     * acknowledgement passed on: the consumer has every acknowledgement and commits to a stopped broker.
     */
    private static final class BrokerStopsBeforeTheCommit extends KafkaExampleWriter {
        final CountDownLatch brokerDown = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final ExecutorService outage = OwnDevStack.outageThread();

        BrokerStopsBeforeTheCommit(KafkaClientSettings settings) {
            super(settings);
        }

        @Override
        public void write(Example example, boolean holdout, Acknowledgement done) {
            if (!first.compareAndSet(true, false)) {
                super.write(example, holdout, done);
                return;
            }
            super.write(example, holdout, failure -> outage.execute(() -> {
                if (failure == null) { // a failure is not the fault this test makes: brokerDown never opens
                    devstack.stack().stopKafka();
                    brokerDown.countDown();
                }
                done.completed(failure);
            }));
        }

        @Override
        public void close() {
            outage.shutdownNow();
            super.close();
        }
    }
}
