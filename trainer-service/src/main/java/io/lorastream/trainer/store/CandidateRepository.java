package io.lorastream.trainer.store;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.VersionId;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.trainer.domain.TaskLedger;
import io.lorastream.trainer.domain.WindowPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's windows and candidates in the object store: plans, candidate files, lineage, failure
 * records and announcement markers under {@code candidates/<task>/<version>/}, and the ledger a
 * trainer rebuilds from them when it takes a task on.
 */
public final class CandidateRepository {

    private final AdapterStore store;
    private final ObjectStore objects;

    public CandidateRepository(AdapterStore store) {
        this.store = store;
        this.objects = store.objects();
    }

    /**
     * Records a plan before its job starts. When a plan for the same version is already there (a
     * re-run), that one stands.
     */
    public WindowPlan writePlan(WindowPlan plan) {
        String key = key(plan.task(), plan.version(), CandidateFiles.WINDOW);
        if (objects.putIfAbsent(key, ContractJson.toBytes(plan), "application/json")) {
            return plan;
        }
        return ContractJson.fromBytes(objects.getBytes(key), WindowPlan.class);
    }

    /** Uploads the adapter files of a candidate (not its lineage); name → SHA-256. */
    public Map<String, String> uploadAdapter(String task, String version, Path adapterDir) {
        return store.putCandidate(task, version, adapterDir);
    }

    /** Uploads {@code training.json}, which completes the candidate; returns its SHA-256. */
    public String uploadLineage(String task, String version, byte[] lineageJson) {
        return objects.put(key(task, version, CandidateFiles.TRAINING), lineageJson, "application/json").sha256();
    }

    /** Marks the candidate announced, with the event as Kafka acknowledged it. */
    public void markAnnounced(CandidateEvent event) {
        objects.put(key(event.task(), event.version(), CandidateFiles.ANNOUNCED), ContractJson.toBytes(event),
                "application/json");
    }

    public void markFailed(FailureRecord failure) {
        objects.put(key(failure.task(), failure.version(), CandidateFiles.FAILED), ContractJson.toBytes(failure),
                "application/json");
    }

    /** The lineage of a complete candidate, and the SHA-256 of every one of its files. */
    public Optional<CompletedCandidate> completed(String task, String version) {
        Optional<byte[]> lineage = objects.find(key(task, version, CandidateFiles.TRAINING));
        if (lineage.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> files = new HashMap<>(store.filesUnder(ObjectLayout.candidatePrefix(task, version)));
        files.keySet().retainAll(CandidateFiles.CANDIDATE_FILES);
        return Optional.of(new CompletedCandidate(lineage.get(), Map.copyOf(files)));
    }

    /**
     * What the store knows of a task's windows: walks its versions newest first until one that is
     * done (announced or failed), collecting the unfinished ones above it. Windows of a task run
     * one after another, so everything older than a done window is done.
     */
    public TaskLedger ledger(String task) {
        List<String> versions = new ArrayList<>();
        for (String name : objects.childNames(ObjectLayout.candidatesPrefix(task))) {
            if (VersionId.isValid(name)) {
                versions.add(name);
            }
        }
        Collections.sort(versions, Collections.reverseOrder());
        Map<Integer, Long> watermarks = new HashMap<>();
        List<TaskLedger.UnfinishedWindow> unfinished = new ArrayList<>();
        for (String version : versions) {
            Optional<byte[]> planBytes = objects.find(key(task, version, CandidateFiles.WINDOW));
            if (planBytes.isEmpty()) {
                continue;
            }
            WindowPlan plan = ContractJson.fromBytes(planBytes.get(), WindowPlan.class);
            plan.lastOffsets().forEach((partition, last) -> watermarks.merge(partition, last, Math::max));
            boolean done = objects.stat(key(task, version, CandidateFiles.ANNOUNCED)).isPresent()
                    || objects.stat(key(task, version, CandidateFiles.FAILED)).isPresent();
            if (done) {
                break;
            }
            boolean trained = objects.stat(key(task, version, CandidateFiles.TRAINING)).isPresent();
            unfinished.add(new TaskLedger.UnfinishedWindow(plan, trained));
        }
        Collections.reverse(unfinished);
        return new TaskLedger(watermarks, unfinished);
    }

    private static String key(String task, String version, String file) {
        return ObjectLayout.candidatePrefix(task, version) + file;
    }

    /**
     * A candidate whose files are all in the store.
     *
     * @param lineageJson the bytes of {@code training.json}
     * @param files name → SHA-256 of the adapter files and {@code training.json}
     */
    public record CompletedCandidate(byte[] lineageJson, Map<String, String> files) {
    }
}
