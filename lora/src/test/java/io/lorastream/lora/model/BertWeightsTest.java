package io.lorastream.lora.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;

import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.safetensors.SafetensorsFormatException;
import io.lorastream.lora.safetensors.SafetensorsWriter;
import io.lorastream.lora.testing.TinyBert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base model file with a missing, extra or mis-shaped tensor is refused with the tensor named. */
class BertWeightsTest {

    @TempDir
    Path dir;

    @Test
    void missingTensorIsNamed() throws IOException {
        Map<String, FloatTensor> weights = TinyBert.weights(1);
        weights.remove("encoder.layer.1.output.LayerNorm.bias");
        assertThatThrownBy(() -> load(weights))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("'encoder.layer.1.output.LayerNorm.bias'")
                .hasMessageContaining("missing");
    }

    @Test
    void unexpectedTensorIsNamedButKnownExtrasAreIgnored() throws IOException {
        Map<String, FloatTensor> weights = TinyBert.weights(1);
        weights.put("embeddings.position_ids", new FloatTensor(new long[] {1, 128}, new float[128]));
        weights.put("cls.predictions.bias", new FloatTensor(new long[] {3}, new float[3]));
        load(weights);
        weights.put("encoder.layer.2.attention.self.query.weight", new FloatTensor(new long[] {1}, new float[1]));
        assertThatThrownBy(() -> load(weights))
                .hasMessageContaining("'encoder.layer.2.attention.self.query.weight'")
                .hasMessageContaining("unexpected");
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        Map<String, FloatTensor> weights = TinyBert.weights(1);
        weights.put("encoder.layer.0.intermediate.dense.weight", new FloatTensor(new long[] {32, 64}, new float[32 * 64]));
        assertThatThrownBy(() -> load(weights))
                .hasMessageContaining("'encoder.layer.0.intermediate.dense.weight'")
                .hasMessageContaining("shape [32, 64]")
                .hasMessageContaining("expected [64, 32]");
    }

    private void load(Map<String, FloatTensor> weights) throws IOException {
        Path file = dir.resolve(BertModelDir.WEIGHTS_FILE);
        SafetensorsWriter writer = new SafetensorsWriter();
        weights.forEach(writer::add);
        writer.write(file);
        try (NDManager manager = NDManager.newBaseManager()) {
            BertWeights.load(file, new BertModelBlock(TinyBert.CONFIG), manager);
        }
    }
}
