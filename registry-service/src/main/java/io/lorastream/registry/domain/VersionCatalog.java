package io.lorastream.registry.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.DecisionEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every candidate the trainer announced and every verdict the evaluator reached, per task and
 * version, as read from the candidates and decisions topics (both kept forever). A version judged
 * twice keeps the later verdict. Thread-safe.
 */
public final class VersionCatalog {

    private final ConcurrentMap<String, ConcurrentMap<String, CandidateEvent>> candidates = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, DecisionEvent>> decisions = new ConcurrentHashMap<>();

    public void putCandidate(CandidateEvent candidate) {
        candidates.computeIfAbsent(candidate.task(), t -> new ConcurrentHashMap<>()).put(candidate.version(), candidate);
    }

    public void putDecision(DecisionEvent decision) {
        decisions.computeIfAbsent(decision.task(), t -> new ConcurrentHashMap<>())
                .put(decision.candidateVersion(), decision);
    }

    public Optional<CandidateEvent> candidate(String task, String version) {
        return Optional.ofNullable(of(candidates, task).get(version));
    }

    public Optional<DecisionEvent> decision(String task, String version) {
        return Optional.ofNullable(of(decisions, task).get(version));
    }

    /** Every version of the task that was announced or judged, newest first (version ids sort by creation time). */
    public List<String> versions(String task) {
        TreeSet<String> all = new TreeSet<>(Comparator.reverseOrder());
        all.addAll(of(candidates, task).keySet());
        all.addAll(of(decisions, task).keySet());
        return List.copyOf(all);
    }

    private static <V> Map<String, V> of(ConcurrentMap<String, ConcurrentMap<String, V>> byTask, String task) {
        Map<String, V> versions = byTask.get(task);
        return versions == null ? Map.of() : versions;
    }

    /** True when any candidate or decision of the task is known. */
    public boolean knowsTask(String task) {
        return candidates.containsKey(task) || decisions.containsKey(task);
    }
}
