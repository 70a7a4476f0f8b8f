package io.lorastream.lora.peft;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes an adapter in PEFT's own layout, loadable by {@code PeftModel.from_pretrained}: an
 * {@code adapter_config.json} as {@code LoraConfig.save_pretrained} writes it (sorted keys, two-space
 * indent) plus a {@code lorastream} section with the label names, and an {@code adapter_model.safetensors}
 * with PEFT's key names ({@code base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight},
 * {@code base_model.model.classifier.weight}, …) and {@code format: pt} metadata.
 */
public final class PeftAdapterWriter {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter(
                            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private PeftAdapterWriter() {}

    /** Writes both files into {@code dir}, creating it if needed. */
    public static void write(Path dir, AdapterState adapter, String baseModelNameOrPath) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter weights = new SafetensorsWriter().putMetadata("format", "pt");
        adapter.tensors().forEach((name, tensor) -> weights.add(PeftFormat.KEY_PREFIX + name, tensor));
        weights.write(dir.resolve(PeftFormat.WEIGHTS_FILE));
        byte[] config = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config(adapter, baseModelNameOrPath));
        // Into place with one rename, like the weights: a crash leaves the old config or the new one.
        Path partial = Files.createTempFile(dir, PeftFormat.CONFIG_FILE, ".partial");
        try {
            Files.write(partial, config);
            Files.move(partial, dir.resolve(PeftFormat.CONFIG_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The {@code adapter_config.json} tree; keys sorted like Python's {@code json.dumps(sort_keys=True)}. */
    static ObjectNode config(AdapterState adapter, String baseModelNameOrPath) {
        LoraSettings settings = adapter.settings();
        ObjectNode root = JSON.createObjectNode();
        root.putObject("alpha_pattern");
        root.putNull("auto_mapping");
        root.put("base_model_name_or_path", baseModelNameOrPath);
        root.put("bias", "none");
        root.put("fan_in_fan_out", false);
        root.put("inference_mode", true);
        root.put("init_lora_weights", true);
        root.putNull("layers_pattern");
        root.putNull("layers_to_transform");
        if (settings.alpha() == Math.rint(settings.alpha())) {
            root.put("lora_alpha", (long) settings.alpha()); // PEFT types lora_alpha as int
        } else {
            root.put("lora_alpha", settings.alpha());
        }
        root.put("lora_dropout", settings.dropout());
        ObjectNode ours = root.putObject(PeftFormat.LORASTREAM_SECTION);
        ArrayNode labels = ours.putArray("labels");
        adapter.labels().forEach(labels::add);
        ArrayNode modulesToSave = root.putArray("modules_to_save");
        settings.modulesToSave().forEach(modulesToSave::add);
        root.put("peft_type", "LORA");
        root.put("r", settings.r());
        root.putObject("rank_pattern");
        root.putNull("revision");
        ArrayNode targets = root.putArray("target_modules");
        settings.targetModules().forEach(targets::add);
        root.put("task_type", "SEQ_CLS");
        root.put("use_dora", false);
        root.put("use_rslora", settings.useRslora());
        return sorted(root);
    }

    private static ObjectNode sorted(ObjectNode node) {
        ObjectNode out = JSON.createObjectNode();
        node.properties().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.set(e.getKey(), e.getValue()));
        return out;
    }
}
