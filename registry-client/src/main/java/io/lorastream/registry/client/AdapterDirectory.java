package io.lorastream.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A local folder of adapter versions: {@code <root>/<version>/} holds one version's files plus a
 * manifest, and {@code <root>/state.json} names the current version and the recent ones kept for
 * rollback. A version folder appears in one rename once every file is in and verified, so a reader
 * never sees a partial adapter; {@code state.json} is replaced the same way.
 */
final class AdapterDirectory {

    /** Written into a version folder last before the rename: a folder with it is complete. */
    static final String MANIFEST = ".lorastream-adapter.json";
    static final String STATE = "state.json";
    private static final String STAGING_PREFIX = ".staging-";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fetches one file into {@code target}, verifying its SHA-256. */
    interface FileFetcher {
        void fetch(String name, String sha256, Path target) throws IOException, InterruptedException;
    }

    private final Path root;
    private final int keep;

    /**
     * @param keep how many versions to keep on disk, the current one included (at least 2, so the
     *             previous one is always there for an instant rollback)
     */
    AdapterDirectory(Path root, int keep) throws IOException {
        if (keep < 2) {
            throw new IllegalArgumentException("keep must be at least 2 (the current and the previous version), was " + keep);
        }
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
        this.keep = keep;
        removeStaging();
    }

    Path root() {
        return root;
    }

    /** The current version when state.json names one whose folder is complete and verified. */
    Optional<InstalledAdapter> current() throws IOException {
        String version = readState().path("current").asText(null);
        if (!Identifiers.isVersion(version)) {
            return Optional.empty();
        }
        Optional<Map<String, String>> files = readManifest(version);
        return files.isEmpty() ? Optional.empty() : verified(version, files.get());
    }

    /** The versions before the current one, newest first, as state.json lists them. */
    List<String> recent() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode node : readState().path("recent")) {
            if (Identifiers.isVersion(node.asText(null))) {
                out.add(node.asText());
            }
        }
        return out;
    }

    /**
     * The version's folder when it exists with exactly {@code files}, every one re-hashed and matching;
     * empty otherwise (missing, incomplete, tampered with on disk).
     */
    Optional<InstalledAdapter> verified(String version, Map<String, String> files) throws IOException {
        Path dir = root.resolve(Identifiers.version(version));
        Optional<Map<String, String>> manifest = readManifest(version);
        if (manifest.isEmpty() || !manifest.get().equals(new TreeMap<>(files))) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(Identifiers.fileName(file.getKey()));
            if (!Files.isRegularFile(path) || !sha256Of(path).equals(file.getValue())) {
                return Optional.empty();
            }
        }
        return Optional.of(new InstalledAdapter(version, dir, files));
    }

    /**
     * Downloads every file of {@code champion} into a staging folder, then renames it to
     * {@code <root>/<version>/}. Nothing under that name changes unless every file verified.
     *
     * @throws AdapterVerificationException when a file's SHA-256 does not match (the staging folder is removed)
     */
    InstalledAdapter install(ChampionInfo champion, FileFetcher fetcher) throws IOException, InterruptedException {
        String version = Identifiers.version(champion.version());
        Path staging = Files.createTempDirectory(root, STAGING_PREFIX + version + "-");
        try {
            for (Map.Entry<String, String> file : new TreeMap<>(champion.files()).entrySet()) {
                Path target = staging.resolve(Identifiers.fileName(file.getKey()));
                fetcher.fetch(file.getKey(), file.getValue(), target);
                force(target);
            }
            writeJson(staging.resolve(MANIFEST), manifest(champion));
            Path dir = root.resolve(version);
            deleteRecursively(dir);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            return new InstalledAdapter(version, dir, champion.files());
        } finally {
            deleteRecursively(staging);
        }
    }

    /**
     * Makes {@code adapter} current: the old current version moves to the front of the recent list,
     * and versions beyond {@code keep} are deleted.
     */
    void activate(InstalledAdapter adapter) throws IOException {
        JsonNode state = readState();
        String previous = state.path("current").asText(null);
        Set<String> recent = new LinkedHashSet<>();
        if (Identifiers.isVersion(previous) && !previous.equals(adapter.version())) {
            recent.add(previous);
        }
        for (String version : recent()) {
            if (!version.equals(adapter.version())) {
                recent.add(version);
            }
        }
        List<String> kept = recent.stream().limit(keep - 1L).toList();
        ObjectNode next = JSON.createObjectNode();
        next.put("current", adapter.version());
        ArrayNode list = next.putArray("recent");
        kept.forEach(list::add);
        writeJson(root.resolve(STATE), next);
        prune(adapter.version(), kept);
    }

    private void prune(String current, List<String> kept) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // Only version folders are ours to delete; anything else in the folder is left alone.
                if (Identifiers.isVersion(name) && Files.isDirectory(entry) && !name.equals(current)
                        && !kept.contains(name)) {
                    deleteRecursively(entry);
                }
            }
        }
    }

    private Optional<Map<String, String>> readManifest(String version) throws IOException {
        Path manifest = root.resolve(version).resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        JsonNode files = JSON.readTree(manifest.toFile()).path("files");
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            out.put(file.getKey(), file.getValue().asText());
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private JsonNode readState() throws IOException {
        Path state = root.resolve(STATE);
        if (!Files.isRegularFile(state)) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(state.toFile());
        } catch (IOException unreadable) {
            // A state file is only ever replaced by rename, so this is damage from outside: start afresh.
            return JSON.createObjectNode();
        }
    }

    private static ObjectNode manifest(ChampionInfo champion) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("task", champion.task());
        manifest.put("version", champion.version());
        ObjectNode files = manifest.putObject("files");
        new TreeMap<>(champion.files()).forEach(files::put);
        return manifest;
    }

    /** Writes a file next to its target and renames it over the target, synced first. */
    private void writeJson(Path target, JsonNode json) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            force(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    static String sha256Of(Path file) throws IOException {
        MessageDigest digest = RegistryClient.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Leftovers of a download that was interrupted by a crash. */
    private void removeStaging() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, STAGING_PREFIX + "*")) {
            for (Path entry : entries) {
                deleteRecursively(entry);
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
