package io.lorastream.lora.onnx;

import java.io.IOException;

/** An ONNX file is malformed or not the BERT export the importer understands. */
public class OnnxFormatException extends IOException {

    public OnnxFormatException(String message) {
        super(message);
    }
}
