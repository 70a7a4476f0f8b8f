package io.lorastream.registry.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.registry.store.ChampionHistoryStore;
import io.lorastream.store.IntegrityException;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.StoredObject;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which promoted adapter files exist and what their bytes must hash to. The expected SHA-256 of an
 * adapter file is the one the trainer announced in its CandidateEvent (or the champion history's
 * copy of it), never only what the object's metadata says, so a file replaced in S3 is caught even
 * when its metadata was rewritten with it; streaming re-hashes the bytes on top
 * ({@link #markCorrupt}).
 */
public final class AdapterFiles {

    /**
     * A file the registry may serve.
     *
     * @param task task id
     * @param version version id
     * @param name file name
     * @param key its object key under {@code adapters/}
     * @param size bytes
     * @param sha256 the hex SHA-256 its bytes must have
     */
    public record ServedFile(String task, String version, String name, String key, long size, String sha256) {
    }

    /** Why a file is not served. */
    public enum Problem {
        /** The task has no such version. */
        UNKNOWN_VERSION,
        /** The version exists but is not promoted (not approved, or not yet). */
        NOT_PROMOTED,
        /** The version has no file of that name. */
        UNKNOWN_FILE
    }

    /** A file that cannot be served, with the reason. */
    public static final class FileNotServedException extends RuntimeException {
        private final Problem problem;

        public FileNotServedException(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private final ObjectStore objects;
    private final VersionCatalog versions;
    private final ChampionHistoryStore history;
    private final RegistryObserver observer;
    /** Objects whose bytes failed verification while streaming, with the modification time they had. */
    private final ConcurrentHashMap<String, Instant> corrupt = new ConcurrentHashMap<>();

    public AdapterFiles(ObjectStore objects, VersionCatalog versions, ChampionHistoryStore history,
                        RegistryObserver observer) {
        this.objects = objects;
        this.versions = versions;
        this.history = history;
        this.observer = observer;
    }

    /** The version's adapter files, name → announced SHA-256, or empty when the version is unknown. */
    public Optional<Map<String, String>> announcedFiles(String task, String version) {
        Optional<CandidateEvent> candidate = versions.candidate(task, version);
        if (candidate.isPresent()) {
            return Optional.of(new TreeMap<>(candidate.get().files()));
        }
        // The candidates topic may no longer hold it; a former champion's files are in its history.
        return history.entries(task, false).stream().filter(e -> e.version().equals(version)).reduce((a, b) -> b)
                .map(e -> new TreeMap<>(e.files()));
    }

    /**
     * The file to serve, after checking that it is promoted and that its recorded SHA-256 is the
     * announced one.
     *
     * @throws FileNotServedException when there is no such promoted file
     * @throws IntegrityException when the stored object is not what was announced
     */
    public ServedFile resolve(String task, String version, String name) {
        Map<String, String> announced = announcedFiles(task, version).orElseThrow(() -> new FileNotServedException(
                Problem.UNKNOWN_VERSION, "task " + task + " has no version " + version));
        String expected = announced.get(name);
        boolean evaluation = name.equals(PromotionService.EVALUATION_FILE);
        if (expected == null && !evaluation) {
            throw new FileNotServedException(Problem.UNKNOWN_FILE, "version " + version + " has no file '" + name
                    + "'; its files are " + announced.keySet() + " and " + PromotionService.EVALUATION_FILE);
        }
        String key = ObjectLayout.adapterPrefix(task, version) + name;
        StoredObject object = objects.stat(key).orElseThrow(() -> new FileNotServedException(Problem.NOT_PROMOTED,
                "version " + version + " of task " + task + " is not promoted: only approved versions are served"));
        // The registry wrote evaluation.json itself; its recorded sha256 is the reference.
        String wanted = evaluation ? object.sha256() : expected;
        Instant badSince = corrupt.get(key);
        if (wanted == null || !wanted.equals(object.sha256()) || (badSince != null && badSince.equals(modified(object)))) {
            observer.integrityFailure(task, "serving");
            throw new IntegrityException(key, expected == null ? "a recorded sha256" : expected,
                    badSince != null && Objects.equals(wanted, object.sha256()) ? "of other bytes (found while streaming it)"
                            : String.valueOf(object.sha256()));
        }
        return new ServedFile(task, version, name, key, object.size(), wanted);
    }

    /**
     * Remembers that the object's bytes did not hash to their SHA-256 when streamed, so it is refused
     * at once from now on (until the object is written again).
     */
    public void markCorrupt(ServedFile file) {
        objects.stat(file.key()).ifPresent(o -> corrupt.put(file.key(), modified(o)));
        observer.integrityFailure(file.task(), "streaming");
    }

    private static Instant modified(StoredObject object) {
        return object.lastModified() == null ? Instant.EPOCH : object.lastModified();
    }
}
