package io.lorastream.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ObjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base models on local disk: taken from a local models folder when it holds the model, else
 * downloaded once from the store's {@code models/<id>/} into a cache folder and reused for as
 * long as the stored files keep their SHA-256s (a re-uploaded model is fetched again).
 */
public final class ModelCache {

    /** Written beside a cached model: the SHA-256 of every file, as the store recorded them. */
    static final String MANIFEST = ".lorastream-files.json";

    private final AdapterStore store;
    private final Path cacheDir;
    private final Optional<Path> localModelsDir;
    private final Map<String, CachedModel> inMemory = new ConcurrentHashMap<>();

    /** A model folder on local disk and its files' SHA-256s. */
    public record CachedModel(String baseModel, Path dir, Map<String, String> files) {
        /** The SHA-256 of the weights file, the base model's identity in lineage. */
        public String weightsSha256() {
            String sha = files.get("model.safetensors");
            if (sha == null) {
                throw new IllegalStateException("base model " + baseModel + " has no model.safetensors");
            }
            return sha;
        }
    }

    /**
     * @param cacheDir where downloaded models are kept
     * @param localModelsDir optional folder holding {@code <id>/config.json, …}, used before the store
     */
    public ModelCache(AdapterStore store, Path cacheDir, Optional<Path> localModelsDir) {
        this.store = store;
        this.cacheDir = cacheDir;
        this.localModelsDir = localModelsDir;
    }

    /**
     * The model's folder on local disk, fetched when needed.
     *
     * @throws ObjectNotFoundException when neither the local folder nor the store has it
     */
    public CachedModel get(String baseModel) {
        CachedModel known = inMemory.get(baseModel);
        if (known != null && Files.isDirectory(known.dir())) {
            return known;
        }
        CachedModel model = localModel(baseModel).orElseGet(() -> fetch(baseModel));
        inMemory.put(baseModel, model);
        return model;
    }

    /** Forgets the in-memory entry, so the next {@link #get} checks the store again. */
    public void invalidate(String baseModel) {
        inMemory.remove(baseModel);
    }

    private Optional<CachedModel> localModel(String baseModel) {
        if (localModelsDir.isEmpty()) {
            return Optional.empty();
        }
        Path dir = localModelsDir.get().resolve(baseModel);
        if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return Optional.empty();
        }
        try {
            Map<String, String> files = new java.util.TreeMap<>();
            try (var list = Files.list(dir)) {
                for (Path file : list.filter(Files::isRegularFile).toList()) {
                    files.put(file.getFileName().toString(), Sha256.of(file));
                }
            }
            return Optional.of(new CachedModel(baseModel, dir, files));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read local base model " + dir, e);
        }
    }

    private synchronized CachedModel fetch(String baseModel) {
        Map<String, String> remote = store.modelFiles(baseModel);
        if (remote.isEmpty()) {
            throw new ObjectNotFoundException(ObjectLayout.modelPrefix(baseModel) + "config.json", null);
        }
        Path dir = cacheDir.resolve(baseModel);
        if (!remote.equals(cachedManifest(dir))) {
            store.fetchFiles(ObjectLayout.modelPrefix(baseModel), remote, dir);
            try {
                Files.write(dir.resolve(MANIFEST), ContractJson.toBytes(remote));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(MANIFEST), e);
            }
        }
        return new CachedModel(baseModel, dir, remote);
    }

    private static Map<String, String> cachedManifest(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Map.of();
        }
        try {
            return ContractJson.mapper().readValue(manifest.toFile(), new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            return Map.of(); // unreadable: fetch again
        }
    }
}
