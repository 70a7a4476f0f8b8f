package io.lorastream.registry.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.Topics;
import io.lorastream.registry.store.ChampionHistoryStore;
import io.lorastream.registry.store.OutcomeStore;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.IntegrityException;
import io.lorastream.store.ObjectStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Makes approved candidates champions and lets admins restore earlier ones, safely with any number
 * of replicas and any number of re-deliveries.
 *
 * <p>The champion history in S3 ({@link ChampionHistoryStore}) is the source of truth; the compacted
 * champions topic is its projection (the last entry of each task). A change is: append the next
 * history entry with a conditional PUT (one writer wins), publish it, then {@link #reconcile} the
 * topic with the history. Because every publisher re-reads the history after its publish and
 * re-publishes the last entry if the topic shows anything else, the topic's last record converges
 * to the history's last entry even when a replica dies between the two writes or two publishes
 * race. A re-delivered decision finds its entry (or its recorded outcome) and changes nothing.
 */
public final class PromotionService {

    /** Name under which the decision is stored beside the promoted files. */
    public static final String EVALUATION_FILE = "evaluation.json";
    /** Actor of champion changes that come from the evaluator's approvals. */
    static final String EVALUATOR = "evaluator";

    private static final Logger LOG = Logger.getLogger(PromotionService.class);
    private static final int MAX_RECONCILE_ROUNDS = 5;

    private final AdapterStore store;
    private final ChampionHistoryStore history;
    private final OutcomeStore outcomes;
    private final VersionCatalog versions;
    private final ChampionBoard board;
    private final ChampionPublisher publisher;
    private final ViewSync sync;
    private final RegistryObserver observer;
    private final Clock clock;
    private final Duration candidateWait;
    private final Duration catchUpTimeout;

    public PromotionService(AdapterStore store, ChampionHistoryStore history, OutcomeStore outcomes,
                            VersionCatalog versions, ChampionBoard board, ChampionPublisher publisher, ViewSync sync,
                            RegistryObserver observer, Clock clock, Duration candidateWait, Duration catchUpTimeout) {
        this.store = store;
        this.history = history;
        this.outcomes = outcomes;
        this.versions = versions;
        this.board = board;
        this.publisher = publisher;
        this.sync = sync;
        this.observer = observer;
        this.clock = clock;
        this.candidateWait = candidateWait;
        this.catchUpTimeout = catchUpTimeout;
    }

    // ------------------------------------------------------------------------------------ decisions

    /**
     * Handles one decision of the evaluator. Idempotent: handling it again (a re-delivery, another
     * replica) returns the first outcome and changes nothing.
     *
     * @throws RetriableException or a retriable {@link ObjectStoreException} when S3 or Kafka failed;
     *                            the caller handles the decision again later
     */
    public DecisionOutcome handle(DecisionEvent decision) {
        String task = decision.task();
        String version = decision.candidateVersion();
        if (!decision.approved()) {
            observer.decisionHandled(task, DecisionOutcome.Outcome.REJECTED);
            LOG.infof("candidate %s of task %s rejected: %s", version, task, failedChecks(decision));
            return outcome(decision, DecisionOutcome.Outcome.REJECTED, failedChecks(decision));
        }
        Optional<DecisionOutcome> earlier = outcomes.find(task, version, true)
                .filter(o -> o.decidedAt().equals(decision.decidedAt()));
        if (earlier.isPresent()) {
            LOG.infof("decision on %s of task %s was handled before (%s); nothing to do", version, task,
                    earlier.get().outcome());
            reconcile(task);
            return earlier.get();
        }
        DecisionOutcome result;
        try {
            CandidateEvent candidate = awaitCandidate(task, version);
            promoteFiles(candidate.task(), candidate.version(), candidate.files());
            store.objects().putIfAbsent(ObjectLayout.adapterPrefix(task, version) + EVALUATION_FILE,
                    ContractJson.toBytes(decision), "application/json");
            result = makeChampion(decision, candidate);
        } catch (PromotionRefusedException e) {
            LOG.errorf("approved candidate %s of task %s cannot be promoted: %s", version, task, e.getMessage());
            result = outcome(decision, DecisionOutcome.Outcome.FAILED, e.getMessage());
        }
        outcomes.put(result);
        observer.decisionHandled(task, result.outcome());
        return result;
    }

    private DecisionOutcome makeChampion(DecisionEvent decision, CandidateEvent candidate) {
        String task = decision.task();
        String version = decision.candidateVersion();
        while (true) {
            List<HistoryEntry> entries = history.entries(task, true);
            HistoryEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            boolean applied = entries.stream().anyMatch(e -> e.kind() == HistoryEntry.Kind.APPROVED
                    && e.version().equals(version) && decision.decidedAt().equals(e.decidedAt()));
            if (applied || (last != null && last.version().equals(version))) {
                // Appended by an earlier delivery that died before recording its outcome.
                reconcile(task);
                return outcome(decision, DecisionOutcome.Outcome.PROMOTED, "");
            }
            String champion = last == null ? null : last.version();
            if (!Objects.equals(champion, decision.championVersion())) {
                String detail = "judged against " + describe(decision.championVersion()) + " but the champion is now "
                        + describe(champion) + ": files promoted, not made champion (an admin can promote it)";
                LOG.warnf("approved candidate %s of task %s is stale: %s", version, task, detail);
                return outcome(decision, DecisionOutcome.Outcome.STALE, detail);
            }
            HistoryEntry entry = new HistoryEntry(nextSeq(last), task, version, champion, HistoryEntry.Kind.APPROVED,
                    approvalReason(decision), EVALUATOR, candidate.baseModel(), ObjectLayout.adapterPrefix(task, version),
                    candidate.files(), promotedAt(last), decision.decidedAt());
            if (history.append(entry)) {
                LOG.infof("task %s: champion %s -> %s (%s)", task, describe(champion), version, entry.reason());
                publishAndReconcile(entry);
                observer.championChanged(task, HistoryEntry.Kind.APPROVED);
                return outcome(decision, DecisionOutcome.Outcome.PROMOTED, "");
            }
            LOG.infof("task %s: another replica changed the champion at the same time; deciding again", task);
        }
    }

    private CandidateEvent awaitCandidate(String task, String version) {
        Optional<CandidateEvent> candidate = versions.candidate(task, version);
        if (candidate.isEmpty()) {
            // The candidate record was written before the decision, so once the view has read the
            // candidates topic up to its current end it has it, or it never existed.
            sync.catchUp(Topics.ADAPTERS_CANDIDATES, candidateWait);
            candidate = versions.candidate(task, version);
        }
        return candidate.orElseThrow(() -> new PromotionRefusedException(PromotionRefusedException.Reason.NOT_PROMOTED,
                "no CandidateEvent for " + version + " on " + Topics.ADAPTERS_CANDIDATES
                        + ": its files and their sha256 are unknown"));
    }

    private void promoteFiles(String task, String version, Map<String, String> files) {
        try {
            for (String name : files.keySet()) {
                AdapterStore.safeName(name);
                if (name.equals(EVALUATION_FILE)) {
                    throw new IllegalArgumentException("a candidate file may not be called " + EVALUATION_FILE
                            + ": the registry writes the decision under that name");
                }
            }
            store.promote(task, version, files);
        } catch (IntegrityException e) {
            observer.integrityFailure(task, "promotion");
            throw new PromotionRefusedException(PromotionRefusedException.Reason.FILES_CORRUPT, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new PromotionRefusedException(PromotionRefusedException.Reason.NOT_PROMOTED, e.getMessage());
        } catch (ObjectStoreException e) {
            if (e.isRetriable()) {
                throw e;
            }
            throw new PromotionRefusedException(PromotionRefusedException.Reason.NOT_PROMOTED, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------ manual changes

    /**
     * Makes {@code version} the champion on an admin's request: a promotion of an approved version,
     * or a rollback to a former champion. The files are re-verified first, so a corrupted adapter
     * never becomes champion. Asking for the current champion changes nothing.
     *
     * @throws PromotionRefusedException when the version is unknown, not approved or not promotable
     */
    public ChampionChange changeChampion(String task, String version, String reason, String actor) {
        List<HistoryEntry> entries = history.entries(task, true);
        Optional<HistoryEntry> former = entries.stream().filter(e -> e.version().equals(version)).reduce((a, b) -> b);
        String baseModel;
        Map<String, String> files;
        if (former.isPresent()) {
            baseModel = former.get().baseModel();
            files = former.get().files();
        } else {
            DecisionEvent decision = versions.decision(task, version).orElse(null);
            CandidateEvent candidate = versions.candidate(task, version).orElse(null);
            if (decision == null && candidate == null) {
                throw new PromotionRefusedException(PromotionRefusedException.Reason.UNKNOWN_VERSION,
                        "task " + task + " has no version " + version);
            }
            if (decision == null || !decision.approved()) {
                throw new PromotionRefusedException(PromotionRefusedException.Reason.NOT_APPROVED, "version " + version
                        + (decision == null ? " has not been judged by the evaluator yet" : " was rejected by the evaluator: "
                        + failedChecks(decision)) + "; only approved versions can become champion");
            }
            DecisionOutcome outcome = outcomes.find(task, version, true).orElse(null);
            if (outcome == null || outcome.outcome() == DecisionOutcome.Outcome.FAILED || candidate == null) {
                throw new PromotionRefusedException(PromotionRefusedException.Reason.NOT_PROMOTED, "version " + version
                        + " is approved but its files are not promoted"
                        + (outcome == null ? " yet; try again in a moment" : ": " + outcome.detail()));
            }
            baseModel = candidate.baseModel();
            files = candidate.files();
        }
        promoteFiles(task, version, files);
        while (true) {
            entries = history.entries(task, true);
            HistoryEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            if (last != null && last.version().equals(version)) {
                reconcile(task);
                return new ChampionChange(last, false);
            }
            boolean wasChampion = entries.stream().anyMatch(e -> e.version().equals(version));
            HistoryEntry.Kind kind = wasChampion ? HistoryEntry.Kind.ROLLBACK : HistoryEntry.Kind.PROMOTION;
            HistoryEntry entry = new HistoryEntry(nextSeq(last), task, version, last == null ? null : last.version(), kind,
                    reason, actor, baseModel, ObjectLayout.adapterPrefix(task, version), files, promotedAt(last), null);
            if (history.append(entry)) {
                LOG.infof("task %s: champion %s -> %s by %s (%s: %s)", task, describe(entry.previousVersion()), version,
                        actor, kind.name().toLowerCase(), reason);
                publishAndReconcile(entry);
                observer.championChanged(task, kind);
                return new ChampionChange(entry, true);
            }
        }
    }

    // ------------------------------------------------------------------------------------ the topic

    private void publishAndReconcile(HistoryEntry entry) {
        publisher.publish(entry.toEvent());
        reconcile(entry.task());
    }

    /**
     * Makes the champions topic's last record for {@code task} the history's last entry: publishes
     * that entry until this replica's view of the topic shows it. Safe to run on any replica at any
     * time.
     */
    public void reconcile(String task) {
        for (int round = 0; round < MAX_RECONCILE_ROUNDS; round++) {
            Optional<HistoryEntry> last = history.last(task, true);
            if (last.isEmpty()) {
                return;
            }
            sync.catchUp(Topics.ADAPTERS_CHAMPIONS, catchUpTimeout);
            ChampionEvent wanted = last.get().toEvent();
            Optional<ChampionEvent> onTopic = board.lastRecord(task);
            if (onTopic.isPresent() && ChampionBoard.sameChange(onTopic.get(), wanted)) {
                return;
            }
            LOG.infof("task %s: the champions topic shows %s, the history %s; publishing the history's", task,
                    onTopic.map(ChampionEvent::version).orElse("nothing"), wanted.version());
            publisher.publish(wanted);
        }
        throw new RetriableException("the champions topic did not show the champion history's last entry for task "
                + task + " after " + MAX_RECONCILE_ROUNDS + " publishes", null);
    }

    /** Reconciles every task with a champion history; for start-up, after a crash between the two writes. */
    public void reconcileAll() {
        for (String task : history.tasks()) {
            try {
                reconcile(task);
            } catch (RuntimeException e) {
                LOG.warnf("could not reconcile the champion of task %s at start-up (%s); the next change will", task,
                        e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private static long nextSeq(HistoryEntry last) {
        return last == null ? 1 : last.seq() + 1;
    }

    /** Now, but always after the previous change, so that promotedAt orders the history even across clocks. */
    private Instant promotedAt(HistoryEntry last) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (last != null && !now.isAfter(last.promotedAt())) {
            return last.promotedAt().plusMillis(1);
        }
        return now;
    }

    private DecisionOutcome outcome(DecisionEvent decision, DecisionOutcome.Outcome outcome, String detail) {
        return new DecisionOutcome(decision.task(), decision.candidateVersion(), decision.decidedAt(), outcome, detail,
                clock.instant());
    }

    static String approvalReason(DecisionEvent decision) {
        return "approved by the evaluator against " + describe(decision.championVersion()) + ": "
                + decision.checks().stream().map(PromotionService::check).collect(Collectors.joining("; "));
    }

    /** The checks that failed, each with its value and threshold: the reasons of a rejection. */
    public static String failedChecks(DecisionEvent decision) {
        String failed = decision.checks().stream().filter(c -> !c.passed()).map(PromotionService::check)
                .collect(Collectors.joining("; "));
        return failed.isEmpty() ? "every check passed" : failed;
    }

    private static String check(CheckResult check) {
        return check.name() + " " + number(check.value()) + " (threshold " + number(check.threshold()) + ")"
                + (check.detail() == null || check.detail().isBlank() ? "" : " " + check.detail());
    }

    private static String number(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    private static String describe(String version) {
        return version == null ? "no champion" : version;
    }
}
