package io.lorastream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.evaluator.testing.NoTaskInputs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CandidateProcessorTest {

    private static final String VERSION = "v20260101T000000Z-1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

    /** Decisions in memory, failing the first {@code failures} calls as an unreachable store would. */
    static final class MemoryLedger implements DecisionLedger {
        final Map<String, DecisionEvent> decisions = new HashMap<>();
        int failures;

        @Override
        public Optional<DecisionEvent> find(String task, String version) {
            failMaybe();
            return Optional.ofNullable(decisions.get(task + "/" + version));
        }

        @Override
        public DecisionEvent recordIfAbsent(DecisionEvent decision) {
            failMaybe();
            return decisions.computeIfAbsent(decision.task() + "/" + decision.candidateVersion(), k -> decision);
        }

        private void failMaybe() {
            if (failures > 0) {
                failures--;
                throw new TransientException("S3 down", null);
            }
        }
    }

    static final class MemorySink implements DecisionSink {
        final List<DecisionEvent> published = new ArrayList<>();
        int failures;

        @Override
        public void publish(DecisionEvent decision) {
            if (failures > 0) {
                failures--;
                throw new TransientException("broker down", null);
            }
            published.add(decision);
        }
    }

    static final class CountingObserver implements EvaluationObserver {
        int decided;
        int republished;
        int transientFailures;
        int unreadable;

        @Override
        public void decided(DecisionEvent decision, Judgement judgement, boolean again) {
            decided++;
            if (again) {
                republished++;
            }
        }

        @Override
        public void transientFailure(String stage) {
            transientFailures++;
        }

        @Override
        public void unreadableCandidate() {
            unreadable++;
        }
    }

    private final MemoryLedger ledger = new MemoryLedger();
    private final MemorySink sink = new MemorySink();
    private final NoTaskInputs inputs = new NoTaskInputs();
    private final CountingObserver observer = new CountingObserver();
    private final AtomicBoolean running = new AtomicBoolean(true);

    private CandidateProcessor processor() {
        CandidateJudge judge = new CandidateJudge(inputs, null, GateSettings.DEFAULT, CLOCK);
        return new CandidateProcessor(judge, ledger, sink, inputs, observer,
                new RetryPolicy(Duration.ZERO, Duration.ZERO, 2), CLOCK, millis -> { }, running::get);
    }

    private static CandidateQueue.Next next(byte[] value, String supersededBy) {
        return new CandidateQueue.Next(QueuedCandidate.read(0, 0, value), supersededBy);
    }

    private static byte[] candidate() {
        return CandidateQueueTest.candidate("spam", VERSION);
    }

    @Test
    void aReDeliveredCandidateGetsTheRecordedDecisionWithoutBeingJudgedAgain() {
        DecisionEvent first = processor().process(next(candidate(), null)).orElseThrow();
        assertThat(first.approved()).isFalse();
        assertThat(first.checks()).extracting(CheckResult::name).containsExactly("task_spec");
        assertThat(inputs.specLookups).hasValue(1);

        DecisionEvent again = processor().process(next(candidate(), null)).orElseThrow();

        assertThat(again).isEqualTo(first);
        assertThat(inputs.specLookups).hasValue(1);
        assertThat(sink.published).containsExactly(first, first);
        assertThat(observer.republished).isEqualTo(1);
    }

    @Test
    void anUnreachableStoreOrBrokerIsRetriedNeverARejection() {
        ledger.failures = 3;
        sink.failures = 2;
        DecisionEvent decision = processor().process(next(candidate(), null)).orElseThrow();
        assertThat(sink.published).containsExactly(decision);
        assertThat(ledger.decisions).containsValue(decision);
        assertThat(observer.transientFailures).isEqualTo(5);
    }

    @Test
    void aSupersededCandidateIsRejectedWithTheNewerVersionNamed() {
        DecisionEvent decision = processor().process(next(candidate(), "v20260101T000001Z-2")).orElseThrow();
        assertThat(decision.approved()).isFalse();
        assertThat(decision.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("superseded");
            assertThat(c.detail()).contains("v20260101T000001Z-2");
        });
        assertThat(inputs.specLookups).hasValue(0);
    }

    @Test
    void anInvalidEventWithATaskAndVersionIsRejectedNamingTheProblem() {
        byte[] invalid = ("{\"schemaVersion\":1,\"task\":\"spam\",\"version\":\"" + VERSION + "\"}").getBytes(StandardCharsets.UTF_8);
        DecisionEvent decision = processor().process(next(invalid, null)).orElseThrow();
        assertThat(decision.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("candidate_event");
            assertThat(c.detail()).contains("is required");
        });
    }

    @Test
    void aRecordNamingNoTaskAndVersionIsSkipped() {
        assertThat(processor().process(next("{}".getBytes(StandardCharsets.UTF_8), null))).isEmpty();
        assertThat(sink.published).isEmpty();
        assertThat(observer.unreadable).isEqualTo(1);
    }

    @Test
    void stoppingLeavesTheCandidateUndecided() {
        sink.failures = 1_000_000;
        running.set(true);
        CandidateProcessor processor = new CandidateProcessor(new CandidateJudge(inputs, null, GateSettings.DEFAULT, CLOCK),
                ledger, sink, inputs, observer, new RetryPolicy(Duration.ZERO, Duration.ZERO, 2), CLOCK,
                millis -> running.set(false), running::get);
        assertThatThrownBy(() -> processor.process(next(candidate(), null))).isInstanceOf(StoppedException.class);
        assertThat(sink.published).isEmpty();
    }

    @Test
    void anUnexpectedErrorOnEveryAttemptRejectsTheCandidate() {
        EvaluationInputs broken = new NoTaskInputs() {
            @Override
            public Optional<TaskSpec> taskSpec(String task) {
                throw new IllegalStateException("native crash simulated");
            }
        };
        CandidateProcessor processor = new CandidateProcessor(new CandidateJudge(broken, null, GateSettings.DEFAULT, CLOCK),
                ledger, sink, broken, observer, new RetryPolicy(Duration.ZERO, Duration.ZERO, 2), CLOCK, millis -> { },
                running::get);
        DecisionEvent decision = processor.process(next(candidate(), null)).orElseThrow();
        assertThat(decision.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("evaluation_error");
            assertThat(c.detail()).contains("failed 2 times").contains("native crash simulated");
        });
    }
}
