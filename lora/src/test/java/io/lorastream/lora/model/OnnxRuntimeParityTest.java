package io.lorastream.lora.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import io.lorastream.lora.hf.BertTokenizer;
import io.lorastream.lora.hf.TokenizedBatch;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.testing.BgeSmall;
import io.lorastream.lora.testing.MiniLm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our DJL encoder on each imported real model against ONNX Runtime on its original ONNX file. */
class OnnxRuntimeParityTest {

    private static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Congratulations! You have won a free cruise to the Bahamas, reply now to claim your prize.",
            "ok",
            "Hi Bob, the meeting moved to 3pm on Thursday; the agenda and last quarter's numbers are attached.",
            "LoRA adapters are trained continuously from a stream of labeled feedback events.");

    /** The real models of the same BERT shape that the importer supports. */
    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("all-MiniLM-L6-v2", (Supplier<BertModelDir>) MiniLm::model, (Supplier<Path>) MiniLm::onnxFile),
                Arguments.of("bge-small-en-v1.5", (Supplier<BertModelDir>) BgeSmall::model, (Supplier<Path>) BgeSmall::onnxFile));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void lastHiddenStateMatchesOnnxRuntimeIncludingPadding(String name, Supplier<BertModelDir> modelDir,
                                                          Supplier<Path> onnxFile) throws Exception {
        float[][][] ours;
        TokenizedBatch batch;
        try (BertTokenizer tokenizer = BertTokenizer.load(modelDir.get(), 128);
                LoraBertClassifier model = LoraBertClassifier.builder()
                        .setBaseModel(modelDir.get())
                        .setLabels(List.of("a", "b"))
                        .optDevice(Device.cpu())
                        .build();
                NDManager manager = model.manager().newSubManager()) {
            batch = tokenizer.encode(SENTENCES);
            NDArray hidden = model.lastHiddenState(batch.toNDList(manager));
            ours = reshape(hidden.toFloatArray(), batch.batchSize(), batch.sequenceLength(), 384);
        }
        assertThat(batch.length(2)).as("'ok' is padded").isLessThan(batch.sequenceLength());

        float[][][] reference = onnxRuntime(onnxFile.get(), batch);
        double maxDiff = 0;
        for (int b = 0; b < batch.batchSize(); b++) {
            for (int t = 0; t < batch.sequenceLength(); t++) {
                for (int h = 0; h < 384; h++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ours[b][t][h] - reference[b][t][h]));
                }
            }
        }
        System.out.printf("%s parity: max |DJL - ONNX Runtime| = %.3g over %d x %d x 384%n",
                name, maxDiff, batch.batchSize(), batch.sequenceLength());
        assertThat(maxDiff).isLessThan(1e-4);
    }

    private static float[][][] onnxRuntime(Path onnxFile, TokenizedBatch batch) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(onnxFile.toString(), options);
                    OnnxTensor ids = OnnxTensor.createTensor(env, rows(batch.inputIds(), batch));
                    OnnxTensor mask = OnnxTensor.createTensor(env, rows(batch.attentionMask(), batch));
                    OnnxTensor types = OnnxTensor.createTensor(env, rows(batch.tokenTypeIds(), batch));
                    OrtSession.Result result = session.run(
                            Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
                assertThat(session.getOutputNames()).containsExactly("last_hidden_state");
                return (float[][][]) result.get(0).getValue();
            }
        }
    }

    private static long[][] rows(long[] flat, TokenizedBatch batch) {
        long[][] rows = new long[batch.batchSize()][batch.sequenceLength()];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(flat, b * batch.sequenceLength(), rows[b], 0, batch.sequenceLength());
        }
        return rows;
    }

    private static float[][][] reshape(float[] flat, int batch, int seq, int hidden) {
        float[][][] out = new float[batch][seq][hidden];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                System.arraycopy(flat, (b * seq + t) * hidden, out[b][t], 0, hidden);
            }
        }
        return out;
    }
}
