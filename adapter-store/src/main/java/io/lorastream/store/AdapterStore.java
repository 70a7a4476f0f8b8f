package io.lorastream.store;

import io.lorastream.contracts.ObjectLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * lorastream's object layout ({@link ObjectLayout}) on an {@link ObjectStore}: base models,
 * candidates, promoted adapters. Files travel as flat folders (a prefix and file names), each file
 * with its SHA-256, which every download checks.
 */
public final class AdapterStore {

    private final ObjectStore objects;

    public AdapterStore(ObjectStore objects) {
        this.objects = objects;
    }

    public ObjectStore objects() {
        return objects;
    }

    /**
     * Uploads every regular file directly in {@code dir} under {@code prefix}, in name order.
     *
     * @return file name → hex SHA-256, sorted by name
     */
    public Map<String, String> putFiles(String prefix, Path dir) {
        Map<String, String> files = new TreeMap<>();
        for (Path file : regularFiles(dir)) {
            String name = file.getFileName().toString();
            files.put(name, objects.put(prefix + name, file, contentType(name)).sha256());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no files to upload");
        }
        return files;
    }

    /**
     * Downloads {@code files} (name → SHA-256) from {@code prefix} into {@code target}, which
     * appears in one rename once every file is in and verified; an existing {@code target} is replaced.
     *
     * @throws IntegrityException when a file's bytes do not match its SHA-256
     */
    public Path fetchFiles(String prefix, Map<String, String> files, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, target.getFileName() + ".");
            try {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    objects.download(prefix + safeName(file.getKey()), staging.resolve(file.getKey()), file.getValue());
                }
                deleteRecursively(target);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + prefix + " into " + target, e);
        }
    }

    /** Uploads a candidate's files to {@code candidates/<task>/<version>/}. */
    public Map<String, String> putCandidate(String task, String version, Path dir) {
        return putFiles(ObjectLayout.candidatePrefix(task, version), dir);
    }

    /** Uploads a base model directory (Hugging Face layout) to {@code models/<baseModel>/}. */
    public Map<String, String> putModel(String baseModel, Path dir) {
        return putFiles(ObjectLayout.modelPrefix(baseModel), dir);
    }

    /** The files of a base model in the store, name → SHA-256; empty when the model is not there. */
    public Map<String, String> modelFiles(String baseModel) {
        return filesUnder(ObjectLayout.modelPrefix(baseModel));
    }

    /**
     * Every object directly under {@code prefix} with the SHA-256 recorded when it was written.
     *
     * @throws IntegrityException when an object carries no SHA-256 (it was not written by lorastream)
     */
    public Map<String, String> filesUnder(String prefix) {
        Map<String, String> files = new TreeMap<>();
        for (StoredObject listed : objects.list(prefix)) {
            String name = listed.key().substring(prefix.length());
            if (name.contains("/")) {
                continue;
            }
            StoredObject object = objects.stat(listed.key()).orElseThrow(() -> new ObjectNotFoundException(listed.key(), null));
            if (object.sha256() == null) {
                throw new IntegrityException(listed.key(), "a recorded sha256", "none");
            }
            files.put(name, object.sha256());
        }
        return files;
    }

    /**
     * Copies a candidate's files to the immutable {@code adapters/<task>/<version>/}, checking every
     * copy's bytes against the candidate's announced SHA-256 (a server-side copy is not trusted
     * blindly). An adapter already promoted with the same files is left as it is, so a repeated
     * promotion is harmless.
     *
     * @throws IntegrityException when a source or copied file does not match its SHA-256
     */
    public Map<String, String> promote(String task, String version, Map<String, String> files) {
        String from = ObjectLayout.candidatePrefix(task, version);
        String to = ObjectLayout.adapterPrefix(task, version);
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            String name = safeName(file.getKey());
            String target = to + name;
            if (objects.stat(target).map(o -> file.getValue().equals(o.sha256())).orElse(false)
                    && sha256Of(target).equals(file.getValue())) {
                continue;
            }
            String source = sha256Of(from + name);
            if (!source.equals(file.getValue())) {
                throw new IntegrityException(from + name, file.getValue(), source);
            }
            objects.copy(from + name, target);
            String copied = sha256Of(target);
            if (!copied.equals(file.getValue())) {
                throw new IntegrityException(target, file.getValue(), copied);
            }
        }
        return Map.copyOf(files);
    }

    /** The SHA-256 of an object's bytes, read through. */
    public String sha256Of(String key) {
        try (InputStream in = objects.open(key, 0, -1)) {
            return Sha256.of(in);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + key + " to hash it", true, e);
        }
    }

    /**
     * Refuses file names that could leave their folder or address another key: only the characters
     * of a plain file name.
     */
    public static String safeName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") || name.contains("..")) {
            throw new IllegalArgumentException("file name '" + name + "' is invalid: it must match "
                    + "[A-Za-z0-9][A-Za-z0-9._-]{0,127} without '..'");
        }
        return name;
    }

    private static String contentType(String name) {
        return name.endsWith(".json") || name.endsWith(".jsonl") ? "application/json" : "application/octet-stream";
    }

    private static java.util.List<Path> regularFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
