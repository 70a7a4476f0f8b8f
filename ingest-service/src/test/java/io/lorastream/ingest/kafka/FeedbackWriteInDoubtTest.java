package io.lorastream.ingest.kafka;

import static io.lorastream.ingest.kafka.IngestOnDevStack.await;
import static io.lorastream.ingest.kafka.IngestOnDevStack.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.domain.Channel;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.RowOutcome;
import io.lorastream.ingest.domain.RowReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka-native input after a write that landed but failed on the client: the service's own lifecycle
 * ({@link IngestLifecycle}: catalog, dedup restore, feedback consumer) on a real devstack broker, whose topics
 * are read back at the end.
 *
 * <p>The fault is the one system-tests' broker outage found on the HTTP path: the broker appends a produce
 * request and stops before it answers, so the producer reports its records failed although they are in the
 * log. It is made deterministic here: the writer sends the first writes of the first poll to the broker for
 * real, and when their acknowledgements come it stops the broker and reports them failed instead, as the
 * producer would have had the broker stopped a moment sooner; the writes after them go to the stopped broker
 * and fail for real. Once every write has its outcome the broker comes back with the same data.
 */
class FeedbackWriteInDoubtTest {

    private static final String GROUP = "in-doubt-test";
    private static final String REREADING = "re-reading the dedup memory from Kafka after a failed write";

    @RegisterExtension
    static final OwnDevStack devstack = new OwnDevStack("devstack-in-doubt-");
    private IngestOnDevStack service;
    private IngestLifecycle lifecycle;
    private ExamplePreparer preparer;

    @Test
    void aFeedbackWriteThatLandedButFailedIsNotWrittenAgainAndOneThatFailedIsWrittenOnce() throws Exception {
        TaskSpec task = TaskSpec.withDefaults("feedback-in-doubt", List.of("ham", "spam"));
        devstack.kafka().putTask(task);
        List<String> texts = IntStream.range(0, 20).mapToObj(i -> "feedback in doubt " + i).toList();
        for (String text : texts) {
            devstack.kafka().send(Topics.FEEDBACK, task.task().getBytes(StandardCharsets.UTF_8),
                    ("{\"text\":\"" + text + "\",\"label\":\"ham\"}").getBytes(StandardCharsets.UTF_8));
        }
        IngestConfig config = devstack.config(GROUP, Map.of());
        KafkaClientSettings settings = new KafkaClientSettings(config);
        BrokerStopsBeforeAnswering faulty = new BrokerStopsBeforeAnswering(settings, 8);
        start(config, settings, faulty);
        ReadinessLog readiness = new ReadinessLog(lifecycle);

        assertThat(faulty.brokerDown.await(60, TimeUnit.SECONDS)).as("the first writes reached the broker").isTrue();
        // A send waiting for metadata counts as outstanding, so the consumer has given up on the poll by then.
        faulty.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(120));
        faulty.over.set(true);
        devstack.stack().startKafka();

        IngestOnDevStack.awaitCommitted(devstack.stack(), GROUP, Duration.ofSeconds(90));
        readiness.stop();
        List<String> written = IngestOnDevStack.writtenTexts(devstack.kafka(), task.task());
        // Both kinds of failure happened: writes that landed but were reported failed, and writes that failed.
        assertThat(faulty.landedButReportedFailed).as("writes that landed but were reported failed").hasSize(8);
        assertThat(faulty.sentToTheStoppedBroker).as("writes sent to the stopped broker").hasValueGreaterThan(0);
        // Every record once: none of the landed ones a second time, none of the failed ones lost.
        assertThat(written).as("examples on the train and holdout topics").containsExactlyInAnyOrderElementsOf(texts);
        // Once a send failed before returning (no metadata: the broker is unreachable), the rest of the poll waited
        // for the retry instead of blocking as long again, one record after the other.
        if (faulty.failedBeforeReturning.get()) {
            assertThat(faulty.sentAfterAFailureBeforeReturning).as("sends after one failed before returning").hasValue(0);
        }
        assertThat(readiness.reasons).as("readiness while the dedup memory was read back").contains(REREADING);
        assertThat(lifecycle.isReady()).isTrue();
    }

    @Test
    void claimsGivenBackSlowlyAreGivenBackBeforeTheReReadAndTheServiceStaysOutOfServiceMeanwhile() throws Exception {
        TaskSpec task = TaskSpec.withDefaults("slow-give-back", List.of("ham", "spam"));
        devstack.kafka().putTask(task);
        IngestConfig config = devstack.config(GROUP, Map.of());
        KafkaClientSettings settings = new KafkaClientSettings(config);
        start(config, settings, new KafkaExampleWriter(settings));
        await(lifecycle::isReady, "the service ready");
        // A row that landed (its write acknowledged here, reported failed to the caller) and whose claim is held.
        RowOutcome.Accepted landed = (RowOutcome.Accepted) preparer.prepare(task, Channel.KAFKA, 0,
                RowReader.readOne("{\"text\":\"landed row\",\"label\":\"ham\"}".getBytes(StandardCharsets.UTF_8)));
        service.writer.write(landed.example(), landed.holdout()).get(30, TimeUnit.SECONDS);

        AtomicBoolean readyWhileGivingBack = new AtomicBoolean();
        lifecycle.rereadDedupAfterFailedWrite(() -> {
            // Slower than a whole re-read of this small log: a re-read begun already would be over by the end.
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                readyWhileGivingBack.compareAndSet(false, lifecycle.isReady());
                sleep(50);
            }
            preparer.release(landed);
        });

        assertThat(readyWhileGivingBack).as("ready while claims were given back").isFalse();
        await(lifecycle::isReady, "the service ready again after the re-read");
        assertThat(preparer.prepare(task, Channel.KAFKA, 0, RowReader.readOne(
                "{\"text\":\"landed row\",\"label\":\"ham\"}".getBytes(StandardCharsets.UTF_8))))
                .as("the landed row claimed again, so that a retry is a duplicate")
                .isInstanceOf(RowOutcome.Duplicate.class);
    }

    /** The service's lifecycle wired as {@code IngestCore} wires it, around {@code sink}, started. */
    private void start(IngestConfig config, KafkaClientSettings settings, KafkaExampleWriter sink) {
        service = devstack.serve(config, settings, sink, IngestLifecycle::new);
        lifecycle = service.lifecycle;
        preparer = service.preparer;
    }

    /**
     * The broker appends the first {@code withheld} writes and stops before answering them: they are sent for
     * real, and on their acknowledgement the broker is stopped and the writes reported failed with the timeout
     * the producer gives. Writes after them wait until the broker is down and then go to it (and fail for real).
     * Once {@link #over} is set every write passes through.
     */
    private final class BrokerStopsBeforeAnswering extends KafkaExampleWriter {
        final CountDownLatch brokerDown = new CountDownLatch(1);
        final AtomicBoolean over = new AtomicBoolean();
        final Set<String> landedButReportedFailed = ConcurrentHashMap.newKeySet();
        final AtomicInteger sentToTheStoppedBroker = new AtomicInteger();
        /** Set once a send failed before it returned (the producer gave up waiting for metadata). */
        final AtomicBoolean failedBeforeReturning = new AtomicBoolean();
        final AtomicInteger sentAfterAFailureBeforeReturning = new AtomicInteger();
        private final int withheld;
        private final AtomicInteger writes = new AtomicInteger();
        private final AtomicInteger outstanding = new AtomicInteger();
        private final ExecutorService outage = OwnDevStack.outageThread();

        BrokerStopsBeforeAnswering(KafkaClientSettings settings, int withheld) {
            super(settings);
            this.withheld = withheld;
        }

        /** True once no write has been waiting for its outcome for {@code quiet}: the consumer is done with the poll. */
        void awaitQuiet(Duration quiet, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < quiet.toNanos()) {
                assertThat(System.nanoTime()).as("every write of the first poll has its outcome").isLessThan(deadline);
                if (outstanding.get() > 0) {
                    quietSince = System.nanoTime();
                }
                sleep(20);
            }
        }

        @Override
        public void write(Example example, boolean holdout, Acknowledgement done) {
            if (over.get()) {
                super.write(example, holdout, done);
                return;
            }
            outstanding.incrementAndGet();
            if (writes.incrementAndGet() <= withheld) {
                super.write(example, holdout, failure -> {
                    if (failure != null) { // not the fault this test makes: pass it on, the counts will show it
                        outstanding.decrementAndGet();
                        done.completed(failure);
                        return;
                    }
                    landedButReportedFailed.add(example.text());
                    outage.execute(() -> {
                        if (brokerDown.getCount() > 0) {
                            devstack.stack().stopKafka();
                            brokerDown.countDown();
                        }
                        outstanding.decrementAndGet();
                        done.completed(new TimeoutException("Expiring 1 record(s) for " + Topics.EXAMPLES_TRAIN
                                + ": the broker appended them and stopped before answering"));
                    });
                });
                return;
            }
            try {
                brokerDown.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failedBeforeReturning.get()) {
                sentAfterAFailureBeforeReturning.incrementAndGet();
            }
            AtomicBoolean returned = new AtomicBoolean();
            super.write(example, holdout, failure -> {
                if (failure != null) {
                    sentToTheStoppedBroker.incrementAndGet();
                    if (!returned.get()) {
                        failedBeforeReturning.set(true);
                    }
                }
                outstanding.decrementAndGet();
                done.completed(failure);
            });
            returned.set(true);
        }

        @Override
        public void close() {
            outage.shutdownNow();
            super.close();
        }
    }

    /** Every distinct not-ready reason the service gave while the test ran, sampled every 20 ms. */
    private static final class ReadinessLog {
        final Set<String> reasons = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);

        ReadinessLog(IngestLifecycle lifecycle) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    String reason = lifecycle.notReadyReason();
                    if (reason != null) {
                        reasons.add(reason);
                    }
                    sleep(20);
                }
            }, "readiness-log");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running.set(false);
        }
    }
}
