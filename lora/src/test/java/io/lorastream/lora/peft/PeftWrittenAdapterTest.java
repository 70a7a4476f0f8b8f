package io.lorastream.lora.peft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.lorastream.lora.hf.BertTokenizer;
import io.lorastream.lora.hf.TokenizedBatch;
import io.lorastream.lora.model.LoraBertClassifier;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.testing.PythonSafetensorsFile;
import io.lorastream.lora.testing.TinyBert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adapter laid out exactly as Hugging Face PEFT's {@code save_pretrained} writes one for a
 * {@code BertForSequenceClassification} (its full {@code adapter_config.json}, no lorastream section, keys
 * from {@code get_peft_model_state_dict}, the weights file in Python safetensors' own byte layout,
 * F32 or BF16) loads into our model with every tensor in place.
 *
 * <p>No Python runs here (PyPI is out of reach of this build), so the files are reproduced from
 * PEFT's and safetensors' formats rather than produced by them; the weights file is built byte by
 * byte by {@link PythonSafetensorsFile}, independent of our own safetensors writer.
 */
class PeftWrittenAdapterTest {

    /** PEFT 0.13's LoraConfig.save_pretrained output for task_type SEQ_CLS (json.dumps, indent 2, sorted). */
    private static final String PEFT_CONFIG = """
            {
              "alpha_pattern": {},
              "auto_mapping": null,
              "base_model_name_or_path": "sentence-transformers/all-MiniLM-L6-v2",
              "bias": "none",
              "fan_in_fan_out": false,
              "inference_mode": true,
              "init_lora_weights": true,
              "layer_replication": null,
              "layers_pattern": null,
              "layers_to_transform": null,
              "loftq_config": {},
              "lora_alpha": 16,
              "lora_dropout": 0.1,
              "megatron_config": null,
              "megatron_core": "megatron.core",
              "modules_to_save": [
                "classifier",
                "score"
              ],
              "peft_type": "LORA",
              "r": 8,
              "rank_pattern": {},
              "revision": null,
              "target_modules": [
                "value",
                "query"
              ],
              "task_type": "SEQ_CLS",
              "use_dora": false,
              "use_rslora": false
            }
            """;

    @TempDir
    Path dir;

    @Test
    void loadsAnAdapterWrittenByPeft() throws IOException {
        loadsAnAdapterWrittenByPeftIn(PythonSafetensorsFile.Dtype.F32);
    }

    @Test
    void loadsABf16AdapterWrittenByPeft() throws IOException {
        // PEFT saves adapters in the dtype they were trained in: bf16 is common for GPU training.
        loadsAnAdapterWrittenByPeftIn(PythonSafetensorsFile.Dtype.BF16);
    }

    private void loadsAnAdapterWrittenByPeftIn(PythonSafetensorsFile.Dtype dtype) throws IOException {
        Random random = new Random(17);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (int layer = 0; layer < 2; layer++) {
            for (String module : List.of("query", "value")) {
                String prefix = "base_model.model.bert.encoder.layer." + layer + ".attention.self." + module;
                tensors.put(prefix + ".lora_A.weight", representable(PeftAdapterRoundTripTest.random(random, 8, 32)));
                tensors.put(prefix + ".lora_B.weight", representable(PeftAdapterRoundTripTest.random(random, 32, 8)));
            }
        }
        tensors.put("base_model.model.classifier.weight", representable(PeftAdapterRoundTripTest.random(random, 2, 32)));
        tensors.put("base_model.model.classifier.bias", representable(PeftAdapterRoundTripTest.random(random, 2)));
        PythonSafetensorsFile.write(dir.resolve("adapter_model.safetensors"), tensors, dtype);
        Files.writeString(dir.resolve("adapter_config.json"), PEFT_CONFIG);

        PeftAdapter adapter = PeftAdapterReader.read(dir);
        assertThat(adapter.baseModelNameOrPath()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
        assertThat(adapter.state().labels()).containsExactly("LABEL_0", "LABEL_1");
        assertThat(adapter.state().settings().r()).isEqualTo(8);
        assertThat(adapter.state().settings().scaling()).isEqualTo(2.0);
        assertThat(adapter.state().settings().targetModules()).containsExactly("value", "query");
        assertThat(adapter.state().settings().modulesToSave()).containsExactly("classifier", "score");

        try (LoraBertClassifier model = LoraBertClassifier.builder()
                        .setBaseModel(TinyBert.model())
                        .optAdapter(adapter.state())
                        // warm start with our own settings: PEFT's target order and dropout do not matter
                        .optSettings(LoraSettings.defaults().withAlpha(16))
                        .optDevice(Device.cpu())
                        .build();
                LoraBertClassifier base = LoraBertClassifier.builder()
                        .setBaseModel(TinyBert.model())
                        .setLabels(List.of("LABEL_0", "LABEL_1"))
                        .optDevice(Device.cpu())
                        .build();
                BertTokenizer tokenizer = BertTokenizer.load(TinyBert.model(), 32);
                NDManager manager = model.manager().newSubManager()) {
            tensors.forEach((key, tensor) -> assertThat(
                            FloatTensor.of(model.parameters().get(key.substring("base_model.model.".length())).getArray()))
                    .as(key)
                    .isEqualTo(tensor));
            TokenizedBatch batch = tokenizer.encode(List.of("free money", "see you at lunch"));
            assertThat(model.logits(batch, manager, false).toFloatArray())
                    .isNotEqualTo(base.logits(batch, manager, false).toFloatArray());

            // what we write back is what PEFT wrote, key for key
            Path ours = dir.resolve("ours");
            PeftAdapterWriter.write(ours, model.exportAdapter(), adapter.baseModelNameOrPath());
            assertThat(PeftAdapterReader.read(ours).state().tensors())
                    .isEqualTo(PeftAdapterReader.read(dir).state().tensors());
        }
    }

    /** The values with their low 16 bits cleared, so that BF16 holds them exactly (and F32 as well). */
    private static FloatTensor representable(FloatTensor tensor) {
        float[] values = tensor.values().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(Float.floatToRawIntBits(values[i]) & 0xFFFF0000);
        }
        return new FloatTensor(tensor.shape(), values);
    }

    @Test
    void acceptsTheWrappedKeyFormsToo() throws IOException {
        Random random = new Random(3);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.default.weight",
                PeftAdapterRoundTripTest.random(random, 8, 32));
        tensors.put("base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.default.weight",
                PeftAdapterRoundTripTest.random(random, 32, 8));
        tensors.put("base_model.model.classifier.modules_to_save.default.weight", PeftAdapterRoundTripTest.random(random, 2, 32));
        tensors.put("base_model.model.classifier.modules_to_save.default.bias", PeftAdapterRoundTripTest.random(random, 2));
        PythonSafetensorsFile.write(dir.resolve("adapter_model.safetensors"), tensors, PythonSafetensorsFile.Dtype.F32);
        Files.writeString(dir.resolve("adapter_config.json"), PEFT_CONFIG);

        assertThat(PeftAdapterReader.read(dir).state().tensors().keySet()).containsExactlyInAnyOrder(
                "bert.encoder.layer.0.attention.self.query.lora_A.weight",
                "bert.encoder.layer.0.attention.self.query.lora_B.weight",
                "classifier.weight",
                "classifier.bias");
    }
}
