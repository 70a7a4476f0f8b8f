package io.lorastream.ingest.kafka;

import static io.lorastream.ingest.kafka.IngestOnDevStack.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.domain.BatchIngestor;
import io.lorastream.ingest.domain.Channel;
import io.lorastream.ingest.domain.DedupIndex;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.ExampleWriteException;
import io.lorastream.ingest.domain.IngestReport;
import io.lorastream.ingest.domain.RowOutcome;
import io.lorastream.ingest.domain.RowReader;
import io.lorastream.ingest.metrics.IngestMetrics;
import jakarta.enterprise.inject.Vetoed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP path after a write that landed but failed on the client: {@link BatchIngestor} wired to the service's
 * own {@link IngestLifecycle} as {@code IngestCore} wires it, on a real devstack broker whose topics are read back.
 *
 * <p>The race is made deterministic: the request thread comes back from telling the lifecycle only once the
 * re-read of the dedup memory is over, as a thread descheduled for that long (2 shared cores, a GC pause) would.
 * A claim the ingestor gave back after that would drop the landed row from the re-read memory again.
 */
class HttpWriteInDoubtTest {

    @RegisterExtension
    static final OwnDevStack devstack = new OwnDevStack("devstack-http-doubt-");
    private IngestOnDevStack service;

    @Test
    void aRowThatLandedButFailedIsADuplicateOnTheRetryEvenWhenTheReReadIsOverBeforeTheRequestThreadComesBack()
            throws Exception {
        TaskSpec task = TaskSpec.withDefaults("http-in-doubt", List.of("ham", "spam"));
        devstack.kafka().putTask(task);
        IngestConfig config = devstack.config("http-in-doubt-test",
                Map.of("lorastream.ingest.feedback.enabled", "false"));
        KafkaClientSettings settings = new KafkaClientSettings(config);
        FirstLandsButFailsSecondNeverSent writer = new FirstLandsButFailsSecondNeverSent(settings);
        service = devstack.serve(config, settings, writer, ReReadOverBeforeReturning::new);
        ReReadOverBeforeReturning lifecycle = (ReReadOverBeforeReturning) service.lifecycle;
        await(lifecycle::isReady, "the service ready");
        // The same wiring as IngestCore's producer of the BatchIngestor (there, failed writes settle on the worker pool).
        BatchIngestor ingestor = new BatchIngestor(service.preparer, writer, service.metrics, settings.ackWaitMillis(),
                10, service.lifecycle::rereadDedupAfterFailedWrite, ForkJoinPool.commonPool());
        List<String> batch = List.of("landed but reported failed", "never reached the broker");

        assertThatThrownBy(() -> ingestor.write(task, Channel.HTTP, prepare(task, batch)))
                .isInstanceOfSatisfying(ExampleWriteException.class, e -> assertThat(e.failed()).isEqualTo(2));
        assertThat(lifecycle.returnedAfterTheReRead).as("told in doubt, and back only after the re-read").isTrue();
        assertThat(IngestOnDevStack.writtenTexts(devstack.kafka(), task.task())).as("on the topics after the failed write")
                .containsExactly("landed but reported failed");

        writer.faulty.set(false);
        IngestReport retry = ingestor.write(task, Channel.HTTP, prepare(task, batch));

        assertThat(retry.accepted()).as("rows written by the client's retry").isEqualTo(1);
        assertThat(retry.duplicates()).as("the landed row, re-claimed by the re-read").isEqualTo(1);
        assertThat(IngestOnDevStack.writtenTexts(devstack.kafka(), task.task())).as("examples on the train and holdout topics")
                .containsExactlyInAnyOrderElementsOf(batch);
    }

    private List<RowOutcome> prepare(TaskSpec task, List<String> texts) throws Exception {
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            outcomes.add(service.preparer.prepare(task, Channel.HTTP, i, RowReader.readOne(
                    ("{\"text\":\"" + texts.get(i) + "\",\"label\":\"ham\"}").getBytes(StandardCharsets.UTF_8))));
        }
        return outcomes;
    }

    /**
     * The service's lifecycle, but the thread that tells it of a failed write comes back only once the re-read
     * that this starts is over: whatever that thread does afterwards happens after the re-read. Vetoed: it inherits
     * {@code @ApplicationScoped}, and as a second bean it would make the Quarkus tests' lifecycle ambiguous.
     */
    @Vetoed
    static final class ReReadOverBeforeReturning extends IngestLifecycle {
        volatile boolean returnedAfterTheReRead;

        ReReadOverBeforeReturning(IngestConfig config, KafkaClientSettings settings, TaskSpecs catalog,
                                  DedupIndex dedup, ExamplePreparer preparer, KafkaExampleWriter writer,
                                  IngestMetrics metrics) {
            super(config, settings, catalog, dedup, preparer, writer, metrics);
        }

        @Override
        public void rereadDedupAfterFailedWrite(Runnable giveBackClaims) {
            super.rereadDedupAfterFailedWrite(giveBackClaims);
            await(this::isReady, "the re-read over");
            returnedAfterTheReRead = true;
        }
    }

    /**
     * While {@link #faulty}: the first write is sent and lands, but is reported failed (the broker appended it and
     * stopped before answering, as the producer reports it); every later write fails without being sent.
     */
    private static final class FirstLandsButFailsSecondNeverSent extends KafkaExampleWriter {
        final AtomicBoolean faulty = new AtomicBoolean(true);
        private final AtomicInteger writes = new AtomicInteger();

        FirstLandsButFailsSecondNeverSent(KafkaClientSettings settings) {
            super(settings);
        }

        @Override
        public void write(Example example, boolean holdout, Acknowledgement done) {
            if (!faulty.get()) {
                super.write(example, holdout, done);
            } else if (writes.getAndIncrement() == 0) {
                super.write(example, holdout, failure -> done.completed(failure != null ? failure
                        : new TimeoutException("Expiring 1 record(s) for " + Topics.EXAMPLES_TRAIN
                                + ": the broker appended it and stopped before answering")));
            } else {
                done.completed(new TimeoutException("Topic " + Topics.EXAMPLES_TRAIN + " not present in metadata"));
            }
        }
    }
}
