package io.lorastream.lora.onnx;

import io.lorastream.lora.hf.BertConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Command line for {@link OnnxBertImporter}:
 * {@code OnnxImportCommand [--num-heads N] <model.jar | model.onnx tokenizer.json> <output-dir>}.
 *
 * <p>Exit status 0 on success, 1 when the import fails, 2 on a usage error.
 */
public final class OnnxImportCommand {

    private static final String USAGE =
            "usage: OnnxImportCommand [--num-heads N] <model.jar | model.onnx tokenizer.json> <output-dir>";

    private OnnxImportCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit status instead of exiting, for tests. */
    public static int run(String... args) {
        List<String> positional = new ArrayList<>();
        OptionalInt numHeads = OptionalInt.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--num-heads") && i + 1 < args.length) {
                try {
                    numHeads = OptionalInt.of(Integer.parseInt(args[++i]));
                } catch (NumberFormatException e) {
                    System.err.println("--num-heads needs an integer, got " + args[i]);
                    return 2;
                }
            } else if (args[i].startsWith("--")) {
                System.err.println(USAGE);
                return 2;
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() < 2 || positional.size() > 3) {
            System.err.println(USAGE);
            return 2;
        }
        Path input = Path.of(positional.get(0));
        Path tokenizer = positional.size() == 3 ? Path.of(positional.get(1)) : null;
        Path output = Path.of(positional.get(positional.size() - 1));
        try {
            BertConfig config = OnnxBertImporter.importModel(OnnxSource.of(input, tokenizer), output, numHeads);
            System.out.printf("imported %s: %d layers, hidden %d, %d heads, vocab %d -> %s%n", input,
                    config.numHiddenLayers(), config.hiddenSize(), config.numAttentionHeads(), config.vocabSize(), output);
            return 0;
        } catch (Exception e) {
            System.err.println("import failed: " + e.getMessage());
            return 1;
        }
    }
}
