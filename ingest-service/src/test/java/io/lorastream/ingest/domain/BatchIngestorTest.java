package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import java.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The batch bookkeeping alone, with an in-memory sink standing in for the broker; the Kafka path
 * itself is covered by the integration tests against the devstack broker.
 */
class BatchIngestorTest {

    private static RawRow row(String json) throws IOException {
        return RowReader.readOne(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final TaskSpec SPEC = TaskSpec.withDefaults("spam", List.of("ham", "spam"));

    private final DedupIndex dedup = new DedupIndex(1000);
    private final ExamplePreparer preparer = new ExamplePreparer(new RowValidator(256, 128), dedup,
            IngestObserver.NONE, Clock.systemUTC());

    /** Acknowledges every write, or fails the n-th one a moment after it was sent. */
    private static final class RecordingSink implements ExampleSink {
        final List<Example> written = new ArrayList<>();
        int failAt = -1;

        @Override
        public void write(Example example, boolean holdout, Acknowledgement done) {
            if (written.size() == failAt) {
                failAt = -1;
                // Fails after send returns, as a lost acknowledgement does.
                CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .execute(() -> done.completed(new IllegalStateException("broker gone")));
                return;
            }
            written.add(example);
            done.completed(null);
        }
    }

    private List<RowOutcome> prepare(String... rows) throws Exception {
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            outcomes.add(preparer.prepare(SPEC, Channel.HTTP, i, row(rows[i])));
        }
        return outcomes;
    }

    @Test
    void reportsAcceptedDuplicateAndRejectedRows() throws Exception {
        RecordingSink sink = new RecordingSink();
        BatchIngestor ingestor = new BatchIngestor(preparer, sink, IngestObserver.NONE, 1000, 10);

        IngestReport report = ingestor.write(SPEC, Channel.HTTP, prepare(
                "{\"text\":\"one\",\"label\":\"ham\"}",
                "{\"text\":\"ONE \",\"label\":\"ham\"}",
                "{\"text\":\"two\",\"label\":\"eggs\"}",
                "{\"text\":\"three\",\"label\":\"spam\",\"id\":\"m3\"}"));

        assertThat(report.received()).isEqualTo(4);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.train() + report.holdout()).isEqualTo(2);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.rejections()).singleElement().extracting(RowRejection::index, RowRejection::field)
                .containsExactly(2, "label");
        assertThat(sink.written).extracting(Example::id).containsExactly(sink.written.get(0).contentHash(), "m3");
    }

    @Test
    void aFailedWriteGivesBackOnlyTheUnacknowledgedClaims() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.failAt = 1;
        BatchIngestor ingestor = new BatchIngestor(preparer, sink, IngestObserver.NONE, 1000, 10);
        String[] rows = {"{\"text\":\"one\",\"label\":\"ham\"}", "{\"text\":\"two\",\"label\":\"ham\"}",
                "{\"text\":\"three\",\"label\":\"ham\"}"};

        assertThatThrownBy(() -> ingestor.write(SPEC, Channel.HTTP, prepare(rows)))
                .isInstanceOfSatisfying(ExampleWriteException.class, e -> {
                    assertThat(e.acknowledged()).isEqualTo(2);
                    assertThat(e.failed()).isEqualTo(1);
                });

        IngestReport retry = ingestor.write(SPEC, Channel.HTTP, prepare(rows));
        assertThat(retry.accepted()).as("only the unacknowledged row is written again").isEqualTo(1);
        assertThat(retry.duplicates()).isEqualTo(2);
        assertThat(sink.written).extracting(Example::text).containsExactlyInAnyOrder("one", "three", "two");
    }

    @Test
    void aFailedWritesClaimsAreGivenBackOnlyThroughTheInDoubtHook() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.failAt = 1;
        List<Integer> claimsHeld = new ArrayList<>();
        BatchIngestor ingestor = new BatchIngestor(preparer, sink, IngestObserver.NONE, 1000, 10, giveBack -> {
            claimsHeld.add(dedup.size(SPEC.task()));
            giveBack.run();
            claimsHeld.add(dedup.size(SPEC.task()));
        }, ForkJoinPool.commonPool());
        String[] rows = {"{\"text\":\"one\",\"label\":\"ham\"}", "{\"text\":\"two\",\"label\":\"ham\"}"};

        assertThatThrownBy(() -> ingestor.write(SPEC, Channel.HTTP, prepare(rows)))
                .isInstanceOf(ExampleWriteException.class);

        // Held when the hook is called (the service can stop taking retries first), given back inside it (so
        // before the re-read it starts), and none given back after it returned (the re-read may be over by then).
        assertThat(claimsHeld).as("claims before and after the give-back").containsExactly(2, 1);
        assertThat(dedup.size(SPEC.task())).as("claims once the write returned").isEqualTo(1);
        ingestor.write(SPEC, Channel.HTTP, prepare(rows));
        assertThat(claimsHeld).as("a write that succeeds is not in doubt").hasSize(2);
    }

    @Test
    void aHookThatDoesNotRunTheGiveBackLeavesEveryClaimHeld() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.failAt = 0;
        BatchIngestor ingestor = new BatchIngestor(preparer, sink, IngestObserver.NONE, 1000, 10, giveBack -> { },
                ForkJoinPool.commonPool());

        assertThatThrownBy(() -> ingestor.write(SPEC, Channel.HTTP, prepare("{\"text\":\"one\",\"label\":\"ham\"}")))
                .isInstanceOf(ExampleWriteException.class);

        assertThat(dedup.size(SPEC.task())).as("the ingestor gives no claim back by itself").isEqualTo(1);
    }

    @Test
    void rejectionListIsCappedButEveryRejectionIsCounted() throws Exception {
        BatchIngestor ingestor = new BatchIngestor(preparer, new RecordingSink(), IngestObserver.NONE, 1000, 2);

        IngestReport report = ingestor.write(SPEC, Channel.HTTP, prepare("{}", "{}", "{}", "{}"));

        assertThat(report.rejected()).isEqualTo(4);
        assertThat(report.rejections()).hasSize(2);
    }

    @Test
    void piiIsMaskedBeforeHashingWhenTheTaskAsksForIt() throws Exception {
        TaskSpec masking = new TaskSpec(1, "spam", List.of("ham", "spam"), "m", SPEC.lora(), SPEC.trigger(),
                SPEC.gate(), 0.0, true, 1000);
        RecordingSink sink = new RecordingSink();
        BatchIngestor ingestor = new BatchIngestor(preparer, sink, IngestObserver.NONE, 1000, 10);

        List<RowOutcome> outcomes = List.of(
                preparer.prepare(masking, Channel.HTTP, 0, row("{\"text\":\"write to a@b.com\",\"label\":\"ham\"}")),
                preparer.prepare(masking, Channel.HTTP, 1, row("{\"text\":\"write to c@d.org\",\"label\":\"ham\"}")));
        IngestReport report = ingestor.write(masking, Channel.HTTP, outcomes);

        assertThat(sink.written).singleElement().extracting(Example::text).isEqualTo("write to [EMAIL]");
        assertThat(report.duplicates()).isEqualTo(1);
    }

    @Test
    void aSendThatFailsAtOnceStopsTheRestOfTheBatchFromBlocking() throws Exception {
        List<Example> attempted = new ArrayList<>();
        // KafkaProducer.send reports a metadata timeout through the callback before it returns.
        ExampleSink unreachable = (example, holdout, done) -> {
            attempted.add(example);
            done.completed(new IllegalStateException("metadata not available"));
        };
        BatchIngestor ingestor = new BatchIngestor(preparer, unreachable, IngestObserver.NONE, 1000, 10);

        assertThatThrownBy(() -> ingestor.write(SPEC, Channel.HTTP, prepare(
                "{\"text\":\"a\",\"label\":\"ham\"}", "{\"text\":\"b\",\"label\":\"ham\"}",
                "{\"text\":\"c\",\"label\":\"ham\"}")))
                .isInstanceOfSatisfying(ExampleWriteException.class, e -> assertThat(e.failed()).isEqualTo(3));
        assertThat(attempted).hasSize(1);
        assertThat(dedup.size("spam")).as("every claim given back").isZero();
    }

    /** Holds every write's acknowledgement for the test to give, as a broker that has not answered yet. */
    private static final class HeldSink implements ExampleSink {
        final List<Acknowledgement> unanswered = new ArrayList<>();

        @Override
        public synchronized void write(Example example, boolean holdout, Acknowledgement done) {
            unanswered.add(done);
        }
    }

    @Test
    void noThreadWaitsForTheAcknowledgementsAndTheLastOneCompletesTheReport() throws Exception {
        HeldSink sink = new HeldSink();
        BatchIngestor ingestor = new BatchIngestor(preparer, sink, IngestObserver.NONE, 60_000, 10);

        CompletableFuture<IngestReport> report = ingestor.writeAsync(SPEC, Channel.HTTP, prepare(
                "{\"text\":\"one\",\"label\":\"ham\"}", "{\"text\":\"two\",\"label\":\"ham\"}"), Runnable::run);

        assertThat(report).as("returned before the broker answered").isNotDone();
        sink.unanswered.get(1).completed(null);
        assertThat(report).as("one row still unanswered").isNotDone();
        sink.unanswered.get(0).completed(null);
        assertThat(report).as("completed by the last acknowledgement, on its thread").isCompleted();
        assertThat(report.get().accepted()).isEqualTo(2);
    }

    @Test
    void aWriteNeverAnsweredFailsAtTheAckTimeoutAndGivesBackOnlyItsClaim() throws Exception {
        HeldSink sink = new HeldSink();
        List<Runnable> giveBacks = new ArrayList<>();
        BatchIngestor ingestor = new BatchIngestor(preparer, sink, IngestObserver.NONE, 200, 10, giveBack -> {
            giveBacks.add(giveBack);
            giveBack.run();
        }, ForkJoinPool.commonPool());

        CompletableFuture<IngestReport> report = ingestor.writeAsync(SPEC, Channel.HTTP, prepare(
                "{\"text\":\"one\",\"label\":\"ham\"}", "{\"text\":\"two\",\"label\":\"ham\"}"), Runnable::run);
        sink.unanswered.get(0).completed(null);

        assertThatThrownBy(report::get).cause().isInstanceOfSatisfying(ExampleWriteException.class, e -> {
            assertThat(e.failed()).as("the row never answered").isEqualTo(1);
            assertThat(e).hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        });
        assertThat(giveBacks).as("the unanswered row's claim given back through the hook").hasSize(1);
        assertThat(dedup.size(SPEC.task())).as("only the acknowledged row's claim is held").isEqualTo(1);
    }
}
