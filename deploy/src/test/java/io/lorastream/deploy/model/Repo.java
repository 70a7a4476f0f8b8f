package io.lorastream.deploy.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the deploy files and the services' sources are read from. */
public final class Repo {

    private static final Path ROOT = locate();

    private Repo() {
    }

    /** The repository root: {@code -Dlorastream.repo} (set by the module's pom), else the parent of the working dir. */
    public static Path root() {
        return ROOT;
    }

    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    public static String read(String relative) {
        return read(path(relative));
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT.relativize(file.toAbsolutePath().normalize()), e);
        }
    }

    private static Path locate() {
        String configured = System.getProperty("lorastream.repo");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (with docker-compose.yml and deploy/) above " + start);
    }
}
