package io.lorastream.lora.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.safetensors.SafetensorsReader;
import io.lorastream.lora.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our PEFT files: exact key names, shapes and config fields, and a lossless round trip. */
class PeftAdapterRoundTripTest {

    private static final int HIDDEN = 32;

    @TempDir
    Path dir;

    @Test
    void writesPeftKeysShapesAndConfigAndReadsThemBack() throws IOException {
        LoraSettings settings = new LoraSettings(4, 16, 0.05, List.of("query", "value"), true, List.of("pooler"));
        AdapterState adapter = adapter(settings, List.of("ham", "spam", "other"), 2, true);
        PeftAdapterWriter.write(dir, adapter, "models/all-minilm-l6-v2");

        try (SafetensorsReader reader = SafetensorsReader.open(dir.resolve("adapter_model.safetensors"))) {
            assertThat(reader.metadata()).containsEntry("format", "pt");
            assertThat(reader.info("base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight").shape())
                    .containsExactly(4, HIDDEN);
            assertThat(reader.info("base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight").shape())
                    .containsExactly(HIDDEN, 4);
            assertThat(reader.info("base_model.model.classifier.weight").shape()).containsExactly(3, HIDDEN);
            assertThat(reader.info("base_model.model.classifier.bias").shape()).containsExactly(3);
            assertThat(reader.info("base_model.model.bert.pooler.dense.weight").shape()).containsExactly(HIDDEN, HIDDEN);
            assertThat(reader.names()).hasSize(2 * 2 * 2 + 4).allMatch(n -> n.startsWith("base_model.model."));
        }

        JsonNode config = new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile());
        assertThat(config.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(config.get("task_type").asText()).isEqualTo("SEQ_CLS");
        assertThat(config.get("r").asInt()).isEqualTo(4);
        assertThat(config.get("lora_alpha").isIntegralNumber()).isTrue();
        assertThat(config.get("lora_alpha").asInt()).isEqualTo(16);
        assertThat(config.get("lora_dropout").asDouble()).isEqualTo(0.05);
        assertThat(config.get("use_rslora").asBoolean()).isTrue();
        assertThat(config.get("bias").asText()).isEqualTo("none");
        assertThat(config.get("base_model_name_or_path").asText()).isEqualTo("models/all-minilm-l6-v2");
        assertThat(texts(config.get("target_modules"))).containsExactly("query", "value");
        assertThat(texts(config.get("modules_to_save"))).containsExactly("pooler", "classifier", "score");
        assertThat(texts(config.get("lorastream").get("labels"))).containsExactly("ham", "spam", "other");
        List<String> keys = new ArrayList<>();
        config.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as("sorted like PEFT's json.dumps(sort_keys=True)").isSorted();

        PeftAdapter read = PeftAdapterReader.read(dir);
        assertThat(read.baseModelNameOrPath()).isEqualTo("models/all-minilm-l6-v2");
        assertThat(read.state()).isEqualTo(adapter);
    }

    @Test
    void refusesWhatItCannotReproduce() throws IOException {
        PeftAdapterWriter.write(dir, adapter(LoraSettings.defaults(), List.of("a", "b"), 1, false), "base");
        Path config = dir.resolve("adapter_config.json");
        String json = Files.readString(config);

        Files.writeString(config, json.replace("\"use_dora\": false", "\"use_dora\": true"));
        assertThatThrownBy(() -> PeftAdapterReader.read(dir)).hasMessageContaining("'use_dora'");
        Files.writeString(config, json.replace("\"bias\": \"none\"", "\"bias\": \"all\""));
        assertThatThrownBy(() -> PeftAdapterReader.read(dir)).hasMessageContaining("'bias'");
        Files.writeString(config, json.replace("\"peft_type\": \"LORA\"", "\"peft_type\": \"IA3\""));
        assertThatThrownBy(() -> PeftAdapterReader.read(dir)).hasMessageContaining("'peft_type'");
        Files.writeString(config, json.replace("\"r\": 8", "\"r\": 4"));
        assertThatThrownBy(() -> PeftAdapterReader.read(dir))
                .hasMessageContaining("lora_A.weight")
                .hasMessageContaining("rank r = 4");

        Files.delete(dir.resolve("adapter_model.safetensors"));
        Files.writeString(dir.resolve("adapter_model.bin"), "pickle");
        assertThatThrownBy(() -> PeftAdapterReader.read(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("safe_serialization");
    }

    @Test
    void normalizesInMemoryKeyForms() {
        assertThat(PeftAdapterReader.normalize("bert.encoder.layer.3.attention.self.query.lora_A.default.weight"))
                .isEqualTo("bert.encoder.layer.3.attention.self.query.lora_A.weight");
        assertThat(PeftAdapterReader.normalize("classifier.modules_to_save.default.weight")).isEqualTo("classifier.weight");
        assertThat(PeftAdapterReader.normalize("classifier.modules_to_save.bias")).isEqualTo("classifier.bias");
        assertThat(PeftAdapterReader.normalize("bert.pooler.dense.modules_to_save.default.bias")).isEqualTo("bert.pooler.dense.bias");
        assertThat(PeftAdapterReader.normalize("classifier.weight")).isEqualTo("classifier.weight");
    }

    /** An adapter for a 2-layer, hidden-32 BERT with random values. */
    static AdapterState adapter(LoraSettings settings, List<String> labels, int layers, boolean pooler) {
        Random random = new Random(5);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (int layer = 0; layer < layers; layer++) {
            for (String module : List.of("query", "value")) {
                String prefix = "bert.encoder.layer." + layer + ".attention.self." + module;
                tensors.put(prefix + ".lora_A.weight", random(random, settings.r(), HIDDEN));
                tensors.put(prefix + ".lora_B.weight", random(random, HIDDEN, settings.r()));
            }
        }
        if (pooler) {
            tensors.put("bert.pooler.dense.weight", random(random, HIDDEN, HIDDEN));
            tensors.put("bert.pooler.dense.bias", random(random, HIDDEN));
        }
        tensors.put("classifier.weight", random(random, labels.size(), HIDDEN));
        tensors.put("classifier.bias", random(random, labels.size()));
        return new AdapterState(settings, labels, tensors);
    }

    static FloatTensor random(Random random, long... shape) {
        float[] values = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(shape, values);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Used by the PEFT-written test: writes raw tensors under exactly the given keys. */
    static void writeTensors(Path file, Map<String, FloatTensor> tensors) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().putMetadata("format", "pt");
        tensors.forEach(writer::add);
        writer.write(file);
    }
}
