package io.lorastream.lora.testing;

import io.lorastream.lora.hf.BertConfig;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.model.BertModelBlock;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random BERT (2 layers, hidden 32, 4 heads, FFN 64, 128 positions) with MiniLM's real tokenizer,
 * for unit tests that need a model but not its knowledge. Same seed, same weights.
 */
public final class TinyBert {

    /** The tiny model's configuration; the vocabulary is MiniLM's so its tokenizer fits. */
    public static final BertConfig CONFIG =
            new BertConfig(30522, 32, 2, 4, 64, "gelu", 0.1, 0.1, 128, 2, 0.02, 1e-12, null, List.of());

    private static Path dir;

    private TinyBert() {}

    /** A model directory under {@code target/models/tiny-bert}, written once per JVM with seed 7. */
    public static synchronized Path dir() {
        if (dir == null) {
            dir = write(TestPaths.target().resolve("models/tiny-bert"), 7);
        }
        return dir;
    }

    /** The shared directory, opened. */
    public static BertModelDir model() {
        return TestPaths.open(dir());
    }

    /** Writes a tiny model with the given seed's weights into {@code target}. */
    public static Path write(Path target, long seed) {
        try {
            Files.createDirectories(target);
            CONFIG.write(target.resolve(BertModelDir.CONFIG_FILE));
            SafetensorsWriter writer = new SafetensorsWriter().putMetadata("format", "pt");
            weights(seed).forEach(writer::add);
            writer.write(target.resolve(BertModelDir.WEIGHTS_FILE));
            try (InputStream tokenizer = TinyBert.class.getClassLoader().getResourceAsStream(MiniLm.TOKENIZER_RESOURCE)) {
                if (tokenizer == null) {
                    throw new IllegalStateException(MiniLm.TOKENIZER_RESOURCE + " not on the test class path");
                }
                Files.copy(tokenizer, target.resolve(BertModelDir.TOKENIZER_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Random {@code BertModel} weights: N(0, 0.1) matrices and embeddings, LayerNorm weights
     * near 1 and small nonzero biases, so that every tensor visibly matters.
     */
    public static Map<String, FloatTensor> weights(long seed) {
        Random random = new Random(seed);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        new BertModelBlock(CONFIG).namedShapes("").forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            boolean layerNormWeight = name.contains("LayerNorm") && name.endsWith(".weight");
            boolean bias = name.endsWith(".bias");
            for (int i = 0; i < values.length; i++) {
                double noise = random.nextGaussian();
                values[i] = (float) (layerNormWeight ? 1 + 0.1 * noise : bias ? 0.05 * noise : 0.1 * noise);
            }
            tensors.put(name, new FloatTensor(shape.getShape(), values));
        });
        return tensors;
    }
}
