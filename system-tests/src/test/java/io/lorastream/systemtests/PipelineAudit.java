package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.Topics;
import io.lorastream.store.StoredObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads one task's end state back from where it lives (the topics with plain consumers, S3 through
 * adapter-store, the registry's API) and checks the pipeline's invariants: every acknowledged example on its
 * topic exactly once, every window trained once, every candidate decided once, the champion the same in the
 * topic, the S3 history and the API.
 */
final class PipelineAudit {

    private final RunningSystem system;
    private final String task;

    PipelineAudit(RunningSystem system, String task) {
        this.system = system;
        this.task = task;
    }

    /** The task's examples on the train and holdout topics. */
    List<TopicReader.Entry<Example>> trainExamples() {
        return system.topics().read(Topics.EXAMPLES_TRAIN, task, Example.class);
    }

    List<Example> allExamples() {
        List<Example> all = new ArrayList<>(system.topics().values(Topics.EXAMPLES_TRAIN, task, Example.class));
        all.addAll(system.topics().values(Topics.EXAMPLES_HOLDOUT, task, Example.class));
        return all;
    }

    List<CandidateEvent> candidates() {
        return system.topics().values(Topics.ADAPTERS_CANDIDATES, task, CandidateEvent.class);
    }

    List<DecisionEvent> decisions() {
        return system.topics().values(Topics.ADAPTERS_DECISIONS, task, DecisionEvent.class);
    }

    /** Waits for the task's first {@code count} candidates on the topic. */
    List<CandidateEvent> awaitCandidates(int count, Duration timeout) {
        return Await.until(count + " candidate(s) of " + task + " on the candidates topic", timeout, this::candidates,
                c -> c.size() >= count);
    }

    /** Waits for a decision on {@code version} on the decisions topic. */
    DecisionEvent awaitDecision(String version, Duration timeout) {
        return Await.until("a decision on " + version + " of " + task, timeout, () -> decisions().stream()
                .filter(d -> d.candidateVersion().equals(version)).findFirst().orElse(null), d -> d != null);
    }

    /** True once the registry recorded what became of the decision on {@code version}. */
    boolean outcomeRecorded(String version) {
        return system.objects().stat(outcomeKey(version)).isPresent();
    }

    /** What the registry recorded as the outcome of the decision on {@code version} ({@code PROMOTED}, ...), if anything. */
    Optional<String> recordedOutcome(String version) {
        return system.objects().find(outcomeKey(version)).map(bytes -> readJson(bytes).path("outcome").asText());
    }

    /** The versions of the task's champion-history entries in S3, oldest first. */
    List<String> historyVersions() {
        return historyEntries().stream().map(e -> e.path("version").asText()).toList();
    }

    /** The evaluator's recorded decision for a candidate ({@code evaluation.json} beside its files), if any. */
    Optional<DecisionEvent> recordedDecision(String version) {
        return system.objects().find(ObjectLayout.candidatePrefix(task, version) + "evaluation.json")
                .map(bytes -> ContractJson.fromBytes(bytes, DecisionEvent.class));
    }

    /** Waits until every one of {@code texts} is on train or holdout (the Kafka-native input is consumed behind). */
    void awaitExamples(Collection<String> texts, Duration timeout) {
        Await.until("all " + texts.size() + " acknowledged examples of " + task + " on the example topics", timeout,
                () -> {
                    Set<String> written = allExamples().stream().map(Example::text).collect(Collectors.toSet());
                    return texts.stream().filter(t -> !written.contains(t)).count();
                }, missing -> missing == 0);
    }

    /** Every acknowledged text is on train or holdout exactly once, and nothing else of the scenario's is. */
    void assertEveryAcknowledgedExampleExactlyOnce(Collection<String> acknowledged) {
        Map<String, Long> counts = allExamples().stream()
                .collect(Collectors.groupingBy(Example::text, Collectors.counting()));
        List<String> missing = acknowledged.stream().filter(t -> !counts.containsKey(t)).toList();
        Map<String, Long> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(missing).as("acknowledged examples missing from the topics (%d acknowledged)", acknowledged.size())
                .isEmpty();
        assertThat(duplicated).as("examples on the topics more than once").isEmpty();
        assertThat(counts.keySet()).as("examples on the topics that were never acknowledged")
                .containsExactlyInAnyOrderElementsOf(Set.copyOf(acknowledged));
    }

    /**
     * Waits until the task is quiet: the trainer has no job and no full window waiting, every candidate has
     * a decision, every approval has its outcome recorded by the registry, and the champion answers agree.
     */
    void awaitSettled(Duration timeout) {
        Await.until("task " + task + " to settle (no job, every candidate decided, every approval handled, "
                + "champion the same in topic, S3 and API)", timeout, this::unsettledReason, reason -> reason == null);
    }

    /** Null when settled, else what is still going on. */
    String unsettledReason() {
        JsonNode view = system.trainerTask(task);
        if (view == null) {
            return "the trainer does not answer";
        }
        if (!view.path("job").isNull() && !view.path("job").isMissingNode()) {
            return "trainer job " + view.path("job");
        }
        if (view.path("plannedWindows").asInt() > 0 || view.path("pendingExamples").asInt() >= FaultTasks.WINDOW) {
            return "trainer: " + view;
        }
        List<CandidateEvent> candidates = candidates();
        Map<String, List<DecisionEvent>> decided = decisions().stream()
                .collect(Collectors.groupingBy(DecisionEvent::candidateVersion));
        for (CandidateEvent candidate : candidates) {
            List<DecisionEvent> forIt = decided.get(candidate.version());
            if (forIt == null) {
                return "candidate " + candidate.version() + " not decided yet";
            }
            if (forIt.get(0).approved() && !outcomeRecorded(candidate.version())) {
                return "approved " + candidate.version() + " not handled by the registry yet";
            }
        }
        Champions champions = champions();
        return champions.consistent() ? null : champions.toString();
    }

    /** Every train example of the task is in at most one window; the ones in none are the latest, fewer than a window. */
    void assertEveryWindowTrainedOnce() {
        List<CandidateEvent> candidates = candidates();
        assertThat(candidates).extracting(CandidateEvent::version).as("candidate versions").doesNotHaveDuplicates();
        List<TopicReader.Entry<Example>> train = trainExamples();
        Map<Long, List<String>> windowsOf = new HashMap<>();
        for (TopicReader.Entry<Example> example : train) {
            for (CandidateEvent candidate : candidates) {
                for (OffsetRange range : candidate.trainedOn()) {
                    if (range.partition() == example.partition() && range.fromOffset() <= example.offset()
                            && example.offset() <= range.toOffset()) {
                        windowsOf.computeIfAbsent(example.offset(), o -> new ArrayList<>()).add(candidate.version());
                    }
                }
            }
        }
        Map<Long, List<String>> twice = windowsOf.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(twice).as("train offsets of %s in more than one candidate's window", task).isEmpty();
        List<TopicReader.Entry<Example>> untrained = train.stream().filter(e -> !windowsOf.containsKey(e.offset())).toList();
        assertThat(untrained.size()).as("train examples of %s in no window (%d examples, %d candidates)", task,
                train.size(), candidates.size()).isLessThan(FaultTasks.WINDOW);
        long lastTrained = windowsOf.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        assertThat(untrained).as("untrained examples that are older than a trained one")
                .allMatch(e -> e.offset() > lastTrained);
        assertThat(failedWindows()).as("windows the trainer gave up on").isEmpty();
    }

    /** Every candidate has exactly one decision: all its records on the topic agree with the one recorded in S3. */
    void assertEveryCandidateDecidedOnce() {
        Map<String, CandidateEvent> candidates = candidates().stream()
                .collect(Collectors.toMap(CandidateEvent::version, Function.identity()));
        Map<String, List<DecisionEvent>> decided = decisions().stream()
                .collect(Collectors.groupingBy(DecisionEvent::candidateVersion));
        assertThat(decided.keySet()).as("decided versions = announced candidates")
                .containsExactlyInAnyOrderElementsOf(candidates.keySet());
        decided.forEach((version, records) -> {
            DecisionEvent recorded = recordedDecision(version).orElseThrow(() ->
                    new AssertionError("no evaluation.json recorded for decided candidate " + version));
            assertThat(records).as("decision records of %s (a re-publish must repeat the recorded one)", version)
                    .allSatisfy(d -> assertThat(d).isEqualTo(recorded));
        });
    }

    /** The champion: the same version in the compacted topic, the S3 history and the API, with its files promoted. */
    void assertChampionConsistent() {
        Champions champions = champions();
        assertThat(champions.consistent()).as("champion in topic, S3 history and API: %s", champions).isTrue();
        if (champions.api() == null) {
            return;
        }
        String version = champions.api();
        DecisionEvent decision = recordedDecision(version).orElseThrow(() ->
                new AssertionError("champion " + version + " has no recorded decision"));
        assertThat(decision.approved()).as("the champion was approved").isTrue();
        ChampionEvent event = champions.topicEvent();
        Map<String, String> promoted = system.store().filesUnder(ObjectLayout.adapterPrefix(task, version));
        assertThat(promoted).as("promoted files of champion %s", version).containsAllEntriesOf(event.files());
    }

    /** No approval made a version champion twice: each version is in at most one {@code APPROVED} history entry. */
    void assertEveryApprovalPromotedOnce() {
        List<JsonNode> entries = historyEntries();
        List<String> approved = entries.stream().filter(e -> "APPROVED".equals(e.path("kind").asText()))
                .map(e -> e.path("version").asText()).toList();
        assertThat(approved.size()).as("APPROVED entries among the %d history entries of %s (the scenarios make no "
                + "manual changes)", entries.size(), task).isEqualTo(entries.size());
        assertThat(approved).as("versions of the APPROVED entries in the champion history of %s", task)
                .doesNotHaveDuplicates();
    }

    /** Every invariant after the task settled. */
    void assertEndState(Duration settleTimeout) {
        awaitSettled(settleTimeout);
        assertEveryWindowTrainedOnce();
        assertEveryCandidateDecidedOnce();
        assertEveryApprovalPromotedOnce();
        assertChampionConsistent();
    }

    /** The task's champion history in S3, oldest first. */
    private List<JsonNode> historyEntries() {
        return system.objects().list(ObjectLayout.adaptersPrefix(task) + "champion-history/").stream()
                .sorted(Comparator.comparing(StoredObject::key))
                .map(o -> readJson(system.objects().getBytes(o.key()))).toList();
    }

    List<String> failedWindows() {
        return system.objects().list(ObjectLayout.candidatesPrefix(task)).stream().map(StoredObject::key)
                .filter(k -> k.endsWith("/failed.json")).toList();
    }

    private String outcomeKey(String version) {
        return ObjectLayout.adaptersPrefix(task) + "decision-outcomes/" + version + ".json";
    }

    /** The champion as each of its three holders sees it; null where there is none. */
    record Champions(String topic, String history, String api, ChampionEvent topicEvent) {
        boolean consistent() {
            return java.util.Objects.equals(topic, history) && java.util.Objects.equals(history, api);
        }
    }

    Champions champions() {
        List<ChampionEvent> onTopic = system.topics().values(Topics.ADAPTERS_CHAMPIONS, task, ChampionEvent.class);
        ChampionEvent last = onTopic.isEmpty() ? null : onTopic.get(onTopic.size() - 1);
        List<JsonNode> entries = historyEntries();
        String history = entries.isEmpty() ? null : entries.get(entries.size() - 1).path("version").asText();
        ApiClient.Answer answer = system.champion(task);
        String api = answer.status() == 200 ? answer.json().path("version").asText() : null;
        if (answer.status() != 200 && answer.status() != 404) {
            api = "<" + answer + ">";
        }
        return new Champions(last == null ? null : last.version(), history, api, last);
    }

    private static JsonNode readJson(byte[] entry) {
        try {
            return ContractJson.mapper().readTree(entry);
        } catch (IOException e) {
            throw new AssertionError("unreadable champion-history entry", e);
        }
    }
}
