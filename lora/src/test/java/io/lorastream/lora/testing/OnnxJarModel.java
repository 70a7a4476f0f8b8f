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
 * A real model shipped as ONNX in a test-scope langchain4j jar, imported once into
 * {@code target/models/<name>} as a Hugging Face model directory and reused by every test class and
 * later runs (delete the folder to re-import). Imports go to a sibling folder that is renamed into
 * place, so an interrupted import leaves nothing half-written.
 */
public final class OnnxJarModel {

    private final String name;
    private final String onnxResource;
    private Path dir;

    OnnxJarModel(String name, String onnxResource) {
        this.name = name;
        this.onnxResource = onnxResource;
    }

    /** The imported model directory; imports it on first use. */
    public synchronized Path dir() {
        if (dir == null) {
            Path target = TestPaths.target().resolve("models/" + name);
            if (!isComplete(target)) {
                importInto(target);
            }
            dir = target;
        }
        return dir;
    }

    /** The imported model directory, opened. */
    public BertModelDir model() {
        return TestPaths.open(dir());
    }

    /** The original ONNX file, extracted once next to the model directory (for ONNX Runtime). */
    public synchronized Path onnxFile() {
        Path file = TestPaths.target().resolve("models/" + onnxResource);
        if (!Files.isRegularFile(file)) {
            try (InputStream in = resource(onnxResource).openStream()) {
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), onnxResource, ".tmp");
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract " + onnxResource, e);
            }
        }
        return file;
    }

    /** The langchain4j jar on the test class path. */
    public Path jar() {
        String url = resource(onnxResource).toString();
        if (!url.startsWith("jar:file:")) {
            throw new IllegalStateException(onnxResource + " is not inside a jar: " + url);
        }
        try {
            return Path.of(new URL(url.substring("jar:".length(), url.indexOf("!/"))).toURI());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the " + name + " jar from " + url, e);
        }
    }

    static URL resource(String resourceName) {
        URL url = OnnxJarModel.class.getClassLoader().getResource(resourceName);
        if (url == null) {
            throw new IllegalStateException(resourceName + " not on the class path: is its langchain4j embeddings jar a "
                    + "test dependency?");
        }
        return url;
    }

    private static boolean isComplete(Path target) {
        return Files.isRegularFile(target.resolve(BertModelDir.CONFIG_FILE))
                && Files.isRegularFile(target.resolve(BertModelDir.WEIGHTS_FILE))
                && Files.isRegularFile(target.resolve(BertModelDir.TOKENIZER_FILE));
    }

    private void importInto(Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".");
            OnnxBertImporter.importModel(OnnxSource.ofJar(jar()), staging, OptionalInt.empty());
            deleteRecursively(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("importing " + name + " failed", e);
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
