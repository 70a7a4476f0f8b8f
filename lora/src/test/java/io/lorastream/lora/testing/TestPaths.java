package io.lorastream.lora.testing;

import io.lorastream.lora.hf.BertModelDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests put generated files: the module's {@code target/} folder. */
public final class TestPaths {

    private TestPaths() {}

    /** {@code <module>/target}, from Surefire's {@code basedir} property or the working directory. */
    public static Path target() {
        Path target = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");
        try {
            return Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a model directory a fixture wrote; failing to is a broken fixture, so unchecked. */
    static BertModelDir open(Path dir) {
        try {
            return BertModelDir.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
