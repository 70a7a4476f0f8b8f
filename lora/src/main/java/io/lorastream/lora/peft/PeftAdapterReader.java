package io.lorastream.lora.peft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.safetensors.SafetensorsFormatException;
import io.lorastream.lora.safetensors.SafetensorsReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEFT LoRA adapter directory, whether we or Hugging Face PEFT wrote it.
 *
 * <p>Keys are accepted as PEFT writes them ({@code base_model.model.X.lora_A.weight},
 * {@code base_model.model.classifier.weight}) and in the in-memory forms that still carry the adapter name
 * or the modules-to-save wrapper ({@code X.lora_A.default.weight},
 * {@code classifier.modules_to_save.default.weight}). Without our {@code lorastream} label section the
 * labels are HF's defaults {@code LABEL_0…}. Features we cannot reproduce (DoRA, bias training, per-layer
 * ranks, regex targets) are refused with the field named, rather than silently giving another model.
 */
public final class PeftAdapterReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADAPTER_NAME = Pattern.compile("(.*\\.lora_[AB])\\.[^.]+(\\.weight)");
    private static final Pattern SAVED_MODULE = Pattern.compile("(.*)\\.modules_to_save(?:\\.[^.]+)?(\\.(?:weight|bias))");

    private PeftAdapterReader() {}

    /**
     * Reads {@code adapter_config.json} and {@code adapter_model.safetensors} from {@code dir}.
     *
     * @throws IOException naming the file, field or tensor that is missing, unsupported or inconsistent
     */
    public static PeftAdapter read(Path dir) throws IOException {
        Path configFile = dir.resolve(PeftFormat.CONFIG_FILE);
        Path weightsFile = dir.resolve(PeftFormat.WEIGHTS_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new NoSuchFileException(configFile.toString(), null, "not a PEFT adapter directory");
        }
        if (!Files.isRegularFile(weightsFile)) {
            String hint = Files.exists(dir.resolve(PeftFormat.LEGACY_WEIGHTS_FILE))
                    ? "only the pickle " + PeftFormat.LEGACY_WEIGHTS_FILE + " is there; save with safe_serialization=True"
                    : "missing";
            throw new NoSuchFileException(weightsFile.toString(), null, hint);
        }
        JsonNode config = JSON.readTree(configFile.toFile());
        if (config == null || !config.isObject()) {
            throw new IOException(configFile + ": not a JSON object");
        }
        LoraSettings settings = settings(configFile, config);
        Map<String, FloatTensor> tensors = tensors(weightsFile, settings);
        List<String> labels = labels(configFile, config, tensors);
        JsonNode base = config.get("base_model_name_or_path");
        return new PeftAdapter(new AdapterState(settings, labels, tensors), base == null || base.isNull() ? null : base.asText());
    }

    private static LoraSettings settings(Path file, JsonNode config) throws IOException {
        requireValue(file, config, "peft_type", "LORA");
        requireValue(file, config, "task_type", "SEQ_CLS");
        requireAbsentOr(file, config, "bias", "none");
        requireAbsentOr(file, config, "use_dora", "false");
        requireAbsentOr(file, config, "fan_in_fan_out", "false");
        for (String unsupported : List.of("rank_pattern", "alpha_pattern")) {
            JsonNode node = config.get(unsupported);
            if (node != null && !node.isNull() && !node.isEmpty()) {
                throw new IOException(file + ": field '" + unsupported + "' (per-layer values) is not supported");
            }
        }
        JsonNode layers = config.get("layers_to_transform");
        if (layers != null && !layers.isNull()) {
            throw new IOException(file + ": field 'layers_to_transform' is not supported");
        }
        JsonNode targets = config.get("target_modules");
        if (targets == null || !targets.isArray()) {
            throw new IOException(file + ": field 'target_modules' must be a list of module names (regex strings are not supported)");
        }
        try {
            return new LoraSettings(
                    requiredNumber(file, config, "r").intValue(),
                    requiredNumber(file, config, "lora_alpha").doubleValue(),
                    config.path("lora_dropout").asDouble(0.0),
                    strings(targets),
                    config.path("use_rslora").asBoolean(false),
                    strings(config.path("modules_to_save")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, FloatTensor> tensors(Path file, LoraSettings settings) throws IOException {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (String key : reader.names()) {
                if (!key.startsWith(PeftFormat.KEY_PREFIX)) {
                    throw new SafetensorsFormatException(key, "does not start with '" + PeftFormat.KEY_PREFIX + "'");
                }
                String name = normalize(key.substring(PeftFormat.KEY_PREFIX.length()));
                FloatTensor tensor = reader.read(key);
                checkRank(key, name, tensor, settings.r());
                if (tensors.put(name, tensor) != null) {
                    throw new SafetensorsFormatException(key, "appears twice once adapter names are removed (as '" + name + "')");
                }
            }
        }
        return tensors;
    }

    /** Drops the adapter name and modules-to-save wrapper, as PEFT itself does before saving. */
    static String normalize(String name) {
        Matcher lora = ADAPTER_NAME.matcher(name);
        if (lora.matches()) {
            return lora.group(1) + lora.group(2);
        }
        Matcher saved = SAVED_MODULE.matcher(name);
        if (saved.matches()) {
            return saved.group(1) + saved.group(2);
        }
        return name;
    }

    private static void checkRank(String key, String name, FloatTensor tensor, int r) throws SafetensorsFormatException {
        long[] shape = tensor.shape();
        boolean a = name.endsWith(".lora_A.weight");
        boolean b = name.endsWith(".lora_B.weight");
        if ((a || b) && (shape.length != 2 || shape[a ? 0 : 1] != r)) {
            throw new SafetensorsFormatException(key, "shape " + Arrays.toString(shape) + " does not have rank r = " + r
                    + (a ? " as its first" : " as its second") + " dimension");
        }
    }

    private static List<String> labels(Path file, JsonNode config, Map<String, FloatTensor> tensors) throws IOException {
        FloatTensor classifier = tensors.get("classifier.weight");
        if (classifier == null) {
            throw new SafetensorsFormatException(PeftFormat.KEY_PREFIX + "classifier.weight", "missing from the adapter");
        }
        int numLabels = (int) classifier.shape()[0];
        JsonNode ours = config.path(PeftFormat.LORASTREAM_SECTION).path("labels");
        if (ours.isMissingNode()) {
            List<String> defaults = new ArrayList<>();
            for (int i = 0; i < numLabels; i++) {
                defaults.add("LABEL_" + i); // what transformers calls labels it has no names for
            }
            return defaults;
        }
        List<String> labels = strings(ours);
        if (labels.size() != numLabels) {
            throw new IOException(file + ": " + labels.size() + " labels but the classifier has " + numLabels + " rows");
        }
        return labels;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static Number requiredNumber(Path file, JsonNode config, String field) throws IOException {
        JsonNode node = config.get(field);
        if (node == null || !node.isNumber()) {
            throw new IOException(file + ": field '" + field + "' is missing or not a number");
        }
        return node.numberValue();
    }

    private static void requireValue(Path file, JsonNode config, String field, String expected) throws IOException {
        JsonNode node = config.get(field);
        if (node == null || !node.asText().equals(expected)) {
            throw new IOException(file + ": field '" + field + "' is " + node + ", expected \"" + expected + "\"");
        }
    }

    private static void requireAbsentOr(Path file, JsonNode config, String field, String expected) throws IOException {
        JsonNode node = config.get(field);
        if (node != null && !node.isNull() && !node.asText().equals(expected)) {
            throw new IOException(file + ": field '" + field + "' = " + node + " is not supported (only " + expected + ")");
        }
    }
}
