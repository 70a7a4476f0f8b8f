package io.lorastream.lora.testing;

import io.lorastream.lora.hf.BertModelDir;
import java.nio.file.Path;

/** The real bge-small-en-v1.5 (12 layers, hidden 384) from the test-scope langchain4j jar; see {@link OnnxJarModel}. */
public final class BgeSmall {

    private static final OnnxJarModel MODEL = new OnnxJarModel("bge-small-en-v1.5", "bge-small-en-v1.5.onnx");

    private BgeSmall() {
    }

    public static BertModelDir model() {
        return MODEL.model();
    }

    public static Path onnxFile() {
        return MODEL.onnxFile();
    }
}
