package io.lorastream.lora.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A Hugging Face BERT-family model directory: {@code config.json}, {@code model.safetensors} with
 * {@code BertModel} key names, and {@code tokenizer.json}.
 *
 * @param root the directory
 * @param config its parsed {@code config.json}
 */
public record BertModelDir(Path root, BertConfig config) {

    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    /**
     * Opens a directory, checking that the three files are there and that the config parses.
     *
     * @throws NoSuchFileException naming the first missing file
     */
    public static BertModelDir open(Path root) throws IOException {
        for (String name : new String[] {CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE}) {
            if (!Files.isRegularFile(root.resolve(name))) {
                throw new NoSuchFileException(root.resolve(name).toString(), null, "not a Hugging Face model directory");
            }
        }
        return new BertModelDir(root, BertConfig.read(root.resolve(CONFIG_FILE)));
    }

    public Path configFile() {
        return root.resolve(CONFIG_FILE);
    }

    public Path weightsFile() {
        return root.resolve(WEIGHTS_FILE);
    }

    public Path tokenizerFile() {
        return root.resolve(TOKENIZER_FILE);
    }
}
