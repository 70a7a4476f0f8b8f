package io.lorastream.lora.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import io.lorastream.lora.safetensors.SafetensorsFormatException;
import io.lorastream.lora.safetensors.SafetensorsReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fills a {@link BertModelBlock}'s parameters from a {@code model.safetensors} with {@code BertModel} key
 * names (a {@code bert.} prefix, as written by {@code BertFor*} models, is accepted too).
 *
 * <p>Every parameter must be present with its exact shape; any other key is an error naming it, except
 * the ones HF checkpoints carry beside the encoder: the {@code embeddings.position_ids} buffer and the
 * pretraining ({@code cls.*}) and task ({@code classifier.*}) heads.
 */
public final class BertWeights {

    private BertWeights() {}

    /**
     * Loads every parameter of {@code bert} from {@code weightsFile} onto {@code manager}'s device.
     *
     * @throws SafetensorsFormatException naming the tensor that is missing, unexpected or mis-shaped
     */
    public static void load(Path weightsFile, BertModelBlock bert, NDManager manager) throws IOException {
        Map<String, Parameter> parameters = bert.namedParameters("");
        Map<String, Shape> shapes = bert.namedShapes("");
        parameters.keySet().removeIf(name -> name.contains(".lora_"));
        try (SafetensorsReader reader = SafetensorsReader.open(weightsFile)) {
            String prefix = reader.names().stream().anyMatch(n -> n.startsWith("bert.")) ? "bert." : "";
            for (String key : reader.names()) {
                String name = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
                if (!parameters.containsKey(name) && !isIgnorable(name)) {
                    throw new SafetensorsFormatException(key, "unexpected in " + weightsFile + ": not a BertModel parameter");
                }
            }
            for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
                String key = prefix + entry.getKey();
                Shape shape = shapes.get(entry.getKey());
                entry.getValue().setArray(reader.readArray(manager, key, shape));
            }
        }
    }

    private static boolean isIgnorable(String name) {
        return name.equals("embeddings.position_ids") || name.startsWith("cls.") || name.startsWith("classifier.");
    }
}
