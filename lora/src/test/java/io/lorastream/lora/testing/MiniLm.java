package io.lorastream.lora.testing;

import io.lorastream.lora.hf.BertModelDir;
import java.nio.file.Path;

/** The real all-MiniLM-L6-v2 (6 layers, hidden 384) from the test-scope langchain4j jar; see {@link OnnxJarModel}. */
public final class MiniLm {

    /** The tokenizer's resource name inside the langchain4j jar. */
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private static final OnnxJarModel MODEL = new OnnxJarModel("all-minilm-l6-v2", "all-minilm-l6-v2.onnx");

    private MiniLm() {}

    public static Path dir() {
        return MODEL.dir();
    }

    public static BertModelDir model() {
        return MODEL.model();
    }

    public static Path onnxFile() {
        return MODEL.onnxFile();
    }

    public static Path jar() {
        return MODEL.jar();
    }
}
