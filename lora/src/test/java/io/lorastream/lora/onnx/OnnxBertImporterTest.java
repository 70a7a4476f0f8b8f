package io.lorastream.lora.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.lora.hf.BertConfig;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.onnx.OnnxGraph.Tensor;
import io.lorastream.lora.safetensors.SafetensorsReader;
import io.lorastream.lora.testing.BgeSmall;
import io.lorastream.lora.testing.MiniLm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MiniLM import: config read from the graph, weights renamed and un-transposed, pooler added. */
class OnnxBertImporterTest {

    @TempDir
    Path dir;

    @Test
    void configComesFromTheGraph() {
        BertConfig config = MiniLm.model().config();
        assertThat(config.vocabSize()).isEqualTo(30522);
        assertThat(config.hiddenSize()).isEqualTo(384);
        assertThat(config.numHiddenLayers()).isEqualTo(6);
        assertThat(config.numAttentionHeads()).isEqualTo(12);
        assertThat(config.intermediateSize()).isEqualTo(1536);
        assertThat(config.hiddenAct()).isEqualTo("gelu");
        assertThat(config.layerNormEps()).isEqualTo(1e-12);
        assertThat(config.maxPositionEmbeddings()).isEqualTo(512);
        assertThat(config.typeVocabSize()).isEqualTo(2);
    }

    @Test
    void bgeSmallImportsWithItsOwnDepth() {
        // Same shapes as MiniLM but twice the layers: the depth must come from the graph, not a constant.
        BertConfig config = BgeSmall.model().config();
        assertThat(config.numHiddenLayers()).isEqualTo(12);
        assertThat(config.hiddenSize()).isEqualTo(384);
        assertThat(config.numAttentionHeads()).isEqualTo(12);
        assertThat(config.intermediateSize()).isEqualTo(1536);
        assertThat(config.layerNormEps()).isEqualTo(1e-12);
        assertThat(config.vocabSize()).isEqualTo(30522);
    }

    @Test
    void matMulWeightsAreRenamedAndTransposedAndThePoolerIsIdentity() throws IOException {
        OnnxGraph graph = OnnxGraph.parse(ByteBuffer.wrap(Files.readAllBytes(MiniLm.onnxFile())));
        String initializer = graph.nodes().stream()
                .filter(n -> n.name().equals("/encoder/layer.3/intermediate/dense/MatMul"))
                .findFirst().orElseThrow().inputs().get(1);
        Tensor onnx = graph.initializers().get(initializer);
        assertThat(onnx.dims()).containsExactly(384, 1536);
        float[] stored = onnx.floats();

        try (SafetensorsReader reader = SafetensorsReader.open(MiniLm.model().weightsFile())) {
            float[] weight = reader.readFloats("encoder.layer.3.intermediate.dense.weight", 1536, 384);
            for (int out : new int[] {0, 7, 1535}) {
                for (int in : new int[] {0, 100, 383}) {
                    assertThat(weight[out * 384 + in]).isEqualTo(stored[in * 1536 + out]);
                }
            }
            float[] pooler = reader.readFloats("pooler.dense.weight", 384, 384);
            for (int i = 0; i < 384; i++) {
                for (int j = 0; j < 384; j++) {
                    assertThat(pooler[i * 384 + j]).isEqualTo(i == j ? 1f : 0f);
                }
            }
            assertThat(reader.readFloats("pooler.dense.bias", 384)).containsOnly(0f);
            assertThat(reader.readFloats("embeddings.LayerNorm.bias", 384))
                    .containsExactly(graph.initializers().get("embeddings.LayerNorm.bias").floats());
            assertThat(reader.names()).hasSize(5 + 6 * 16 + 2).doesNotContain("embeddings.position_ids");
        }
        assertThat(Files.readAllBytes(MiniLm.model().tokenizerFile()))
                .isEqualTo(MiniLm.class.getClassLoader().getResourceAsStream(MiniLm.TOKENIZER_RESOURCE).readAllBytes());
    }

    @Test
    void commandLineImportsTheJar() throws IOException {
        Path out = dir.resolve("minilm");
        assertThat(OnnxImportCommand.run(MiniLm.jar().toString(), out.toString())).isZero();
        BertModelDir model = BertModelDir.open(out);
        assertThat(model.config()).isEqualTo(MiniLm.model().config());
        assertThat(Files.readAllBytes(model.weightsFile())).isEqualTo(Files.readAllBytes(MiniLm.model().weightsFile()));
    }

    @Test
    void commandLineReportsUsageAndFailures() throws IOException {
        assertThat(OnnxImportCommand.run()).isEqualTo(2);
        assertThat(OnnxImportCommand.run("--bogus", "a", "b")).isEqualTo(2);
        assertThat(OnnxImportCommand.run("--num-heads", "x", "a", "b")).isEqualTo(2);
        Path broken = Files.write(dir.resolve("broken.onnx"), new byte[] {0x3A, 0x7F, 1, 2});
        assertThat(OnnxImportCommand.run(broken.toString(), broken.toString(), dir.resolve("out").toString())).isEqualTo(1);
    }

    @Test
    void truncatedOnnxIsAFormatErrorNotACrash() throws IOException {
        byte[] bytes = Files.readAllBytes(MiniLm.onnxFile());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
        OnnxSource source = new OnnxSource("truncated", truncated, new byte[0]);
        assertThatThrownBy(() -> OnnxBertImporter.importModel(source, dir.resolve("out"), OptionalInt.empty()))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("runs past");
    }
}
