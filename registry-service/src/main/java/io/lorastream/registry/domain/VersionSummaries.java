package io.lorastream.registry.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.registry.store.ChampionHistoryStore;
import io.lorastream.registry.store.OutcomeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Works out each version's status from what the topics (candidates, decisions, champions) and the
 * object store (outcomes, champion history) say about it.
 */
public final class VersionSummaries {

    private final VersionCatalog versions;
    private final ChampionBoard board;
    private final OutcomeStore outcomes;
    private final ChampionHistoryStore history;

    public VersionSummaries(VersionCatalog versions, ChampionBoard board, OutcomeStore outcomes,
                            ChampionHistoryStore history) {
        this.versions = versions;
        this.board = board;
        this.outcomes = outcomes;
        this.history = history;
    }

    /** The task's versions, newest first, optionally only those with {@code status}. */
    public List<VersionSummary> list(String task, String status) {
        Map<String, DecisionOutcome> byVersion = outcomes.all(task, false);
        Set<String> formerChampions = history.entries(task, false).stream().map(HistoryEntry::version)
                .collect(Collectors.toSet());
        String champion = board.current(task).map(ChampionEvent::version).orElse(null);
        List<VersionSummary> out = new ArrayList<>();
        for (String version : versions.versions(task)) {
            VersionSummary summary = summarize(task, version, byVersion.get(version), formerChampions.contains(version),
                    version.equals(champion));
            if (status == null || status.equals(summary.status())) {
                out.add(summary);
            }
        }
        return out;
    }

    /** One version, or empty when the task has no such version. */
    public Optional<VersionSummary> find(String task, String version) {
        if (versions.candidate(task, version).isEmpty() && versions.decision(task, version).isEmpty()) {
            return Optional.empty();
        }
        boolean former = history.entries(task, false).stream().anyMatch(e -> e.version().equals(version));
        boolean champion = board.current(task).map(c -> c.version().equals(version)).orElse(false);
        return Optional.of(summarize(task, version, outcomes.find(task, version, false).orElse(null), former, champion));
    }

    private VersionSummary summarize(String task, String version, DecisionOutcome outcome, boolean formerChampion,
                                     boolean champion) {
        CandidateEvent candidate = versions.candidate(task, version).orElse(null);
        DecisionEvent decision = versions.decision(task, version).orElse(null);
        List<String> reasons = new ArrayList<>();
        String status;
        if (champion) {
            status = "champion";
        } else if (decision == null) {
            status = formerChampion ? "approved" : "candidate";
        } else if (!decision.approved()) {
            status = "rejected";
            decision.checks().stream().filter(c -> !c.passed()).forEach(c -> reasons.add(c.name() + ": value "
                    + c.value() + ", threshold " + c.threshold() + (c.detail() == null ? "" : " (" + c.detail() + ")")));
        } else if (outcome == null || !outcome.decidedAt().equals(decision.decidedAt())) {
            status = formerChampion ? "approved" : "promoting";
        } else if (outcome.outcome() == DecisionOutcome.Outcome.FAILED) {
            status = "failed";
            reasons.add(outcome.detail());
        } else {
            status = "approved";
            if (outcome.outcome() == DecisionOutcome.Outcome.STALE) {
                reasons.add(outcome.detail());
            }
        }
        return new VersionSummary(version, status, champion, formerChampion, reasons,
                decision == null ? Map.of() : decision.candidateMetrics(), lineage(candidate),
                decision == null ? null : decision.decidedAt());
    }

    private static VersionSummary.Lineage lineage(CandidateEvent candidate) {
        if (candidate == null) {
            return null;
        }
        long records = candidate.trainedOn().stream().mapToLong(VersionSummaries::records).sum();
        double loss = candidate.validationLoss();
        return new VersionSummary.Lineage(candidate.baseModel(), candidate.warmStartVersion(),
                candidate.trainingExamples(), records, candidate.trainedOn().size(),
                Double.isFinite(loss) ? loss : null, candidate.createdAt());
    }

    private static long records(OffsetRange range) {
        return range.toOffset() - range.fromOffset() + 1;
    }
}
