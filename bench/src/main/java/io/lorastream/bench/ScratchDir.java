package io.lorastream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's scratch folder under {@code bench/target}, deleted with everything in it when closed.
 * A run of the ingest benchmark leaves 4-11 GB of Kafka log in its devstack folder; kept, a dozen runs
 * filled this machine's disk (2026-12-03). {@code -Dlorastream.bench.keep-data=true} keeps it for a look.
 */
public final class ScratchDir implements AutoCloseable {

    static final String KEEP_DATA_PROPERTY = "lorastream.bench.keep-data";

    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /** A new folder {@code bench/target/<prefix><random>}. */
    public static ScratchDir create(String prefix) throws IOException {
        return new ScratchDir(Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")), prefix));
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (Boolean.getBoolean(KEEP_DATA_PROPERTY)) {
            System.out.println("kept the benchmark's data in " + path);
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path file : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's data in " + path, e);
        }
    }
}
