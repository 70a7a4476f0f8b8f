package io.lorastream.evaluator.domain;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.DecisionEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one queued candidate to a published decision, exactly once in effect:
 * <ol>
 *   <li>a decision already recorded in {@code evaluation.json} (a re-delivered candidate) is published again as
 *       it is, never re-evaluated;</li>
 *   <li>otherwise the candidate is judged (or decided as superseded, or rejected as unreadable), the decision is
 *       recorded if no other is (the first recorded one wins), and the recorded one is published;</li>
 *   <li>the caller commits the record's offset only after this returns, i.e. after the broker acknowledged it.</li>
 * </ol>
 * Transient failures are retried with back-off until they pass or the service stops; an unexpected error while
 * judging is retried {@link RetryPolicy#maxAttempts()} times and then rejects the candidate with
 * {@link Checks#EVALUATION_ERROR}, so a poisonous candidate cannot stall its task.
 */
public final class CandidateProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateProcessor.class);

    /** Sleeps between retries; interruptible. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final CandidateJudge judge;
    private final DecisionLedger ledger;
    private final DecisionSink sink;
    private final EvaluationInputs inputs;
    private final EvaluationObserver observer;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BooleanSupplier running;

    public CandidateProcessor(CandidateJudge judge, DecisionLedger ledger, DecisionSink sink, EvaluationInputs inputs,
                              EvaluationObserver observer, RetryPolicy retry, Clock clock, Sleeper sleeper,
                              BooleanSupplier running) {
        this.judge = judge;
        this.ledger = ledger;
        this.sink = sink;
        this.inputs = inputs;
        this.observer = observer;
        this.retry = retry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.running = running;
    }

    /**
     * Decides and publishes.
     *
     * @return the published decision, or empty when the record names no valid task and version (logged, skipped)
     * @throws StoppedException when the service stops before the decision is acknowledged
     */
    public Optional<DecisionEvent> process(CandidateQueue.Next next) {
        QueuedCandidate queued = next.candidate();
        if (!queued.addressable()) {
            LOG.warn("skipping candidates record at partition {} offset {}: no valid task and version to address a "
                    + "decision to ({})", queued.partition(), queued.offset(), queued.problem());
            observer.unreadableCandidate();
            return Optional.empty();
        }
        String task = queued.task();
        String version = queued.version();
        Optional<DecisionEvent> recorded = transientRetry("ledger_read", "read the recorded decision of " + version,
                () -> ledger.find(task, version));
        DecisionEvent decision;
        Judgement judgement = null;
        if (recorded.isPresent()) {
            decision = recorded.get();
            LOG.info("{} {}: already decided ({}), publishing the recorded decision again", task, version,
                    decision.approved() ? "approved" : "rejected");
        } else {
            judgement = decide(next);
            DecisionEvent reached = judgement.decision();
            decision = transientRetry("ledger_write", "record the decision on " + version, () -> ledger.recordIfAbsent(reached));
            if (!decision.equals(reached)) {
                LOG.info("{} {}: another evaluator recorded its decision first; publishing that one", task, version);
                judgement = null;
            }
        }
        DecisionEvent published = decision;
        transientRetry("publish", "publish the decision on " + version, () -> {
            sink.publish(published);
            return null;
        });
        observer.decided(published, judgement, recorded.isPresent());
        LOG.info("{} {}: {}{}", task, version, published.approved() ? "APPROVED" : "REJECTED", failedChecks(published));
        return Optional.of(published);
    }

    private Judgement decide(CandidateQueue.Next next) {
        QueuedCandidate queued = next.candidate();
        String championVersion = transientRetry("champion_read", "read the champion", () -> inputs.champion(queued.task()))
                .map(ChampionEvent::version).orElse(null);
        if (queued.event() == null) {
            return Judgement.withoutScoring(Decisions.rejected(queued.task(), queued.version(), championVersion,
                    List.of(Checks.failed(Checks.CANDIDATE_EVENT, 0, 1, "the candidate event is invalid: " + queued.problem())),
                    Map.of(), 0, clock.instant()));
        }
        if (next.supersededBy() != null) {
            return Judgement.withoutScoring(Decisions.superseded(queued.task(), queued.version(), next.supersededBy(),
                    championVersion, clock.instant()));
        }
        LOG.info("{} {}: evaluating (trained on {} examples{})", queued.task(), queued.version(),
                queued.event().trainingExamples(), queued.event().warmStartVersion() == null ? ""
                        : ", warm-started from " + queued.event().warmStartVersion());
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                return transientRetry("evaluate", "evaluate " + queued.version(), () -> judge.judge(queued.event()));
            } catch (StoppedException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("{} {}: evaluation attempt {} of {} failed unexpectedly", queued.task(), queued.version(),
                        attempt, retry.maxAttempts(), e);
                pause(attempt);
            }
        }
        return Judgement.withoutScoring(Decisions.rejected(queued.task(), queued.version(), championVersion,
                List.of(Checks.failed(Checks.EVALUATION_ERROR, retry.maxAttempts(), retry.maxAttempts(),
                        "the evaluation failed " + retry.maxAttempts() + " times: " + last)),
                Map.of(), 0, clock.instant()));
    }

    /** Runs {@code step} until it does not throw {@link TransientException}; {@code stage} is the metric tag. */
    private <T> T transientRetry(String stage, String what, Supplier<T> step) {
        for (int failures = 1; ; failures++) {
            if (!running.getAsBoolean()) {
                throw new StoppedException();
            }
            try {
                return step.get();
            } catch (TransientException e) {
                observer.transientFailure(stage);
                long pause = retry.backoff(failures).toMillis();
                LOG.warn("cannot {} ({}); retrying in {} ms", what, e.getMessage(), pause);
                pause(failures);
            }
        }
    }

    private void pause(int failures) {
        try {
            sleeper.sleep(retry.backoff(failures).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppedException();
        }
    }

    private static String failedChecks(DecisionEvent decision) {
        List<String> failed = decision.checks().stream().filter(c -> !c.passed())
                .map(c -> c.name() + ": " + c.detail()).toList();
        return failed.isEmpty() ? "" : " " + failed;
    }
}
