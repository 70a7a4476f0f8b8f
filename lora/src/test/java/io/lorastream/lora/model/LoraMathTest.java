package io.lorastream.lora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.lorastream.lora.hf.BertTokenizer;
import io.lorastream.lora.hf.TokenizedBatch;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.testing.TinyBert;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LoRA rules on the tiny model: identity at B = 0, merge = unmerged, frozen base, gradients only where trained. */
class LoraMathTest {

    private static final List<String> LABELS = List.of("ham", "spam", "other");
    private static final List<String> TEXTS = List.of(
            "win a free prize now", "meeting moved to thursday", "the weather is nice", "cheap pills online, click here");

    private static BertTokenizer tokenizer;
    private static TokenizedBatch batch;

    @BeforeAll
    static void tokenize() throws IOException {
        tokenizer = BertTokenizer.load(TinyBert.model(), 64);
        batch = tokenizer.encode(TEXTS);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void freshLoraModelEqualsTheBaseEncoderExactly() throws IOException {
        LoraSettings everyLinear = LoraSettings.defaults()
                .withTargetModules(List.of("query", "key", "value", "dense"))
                .withModulesToSave(List.of());
        try (LoraBertClassifier model = classifier(everyLinear);
                NDManager manager = model.manager().newSubManager()) {
            BertModelBlock base = new BertModelBlock(TinyBert.CONFIG);
            BertWeights.load(TinyBert.model().weightsFile(), base, manager);
            NDList inputs = batch.toNDList(manager);
            NDList expected = base.forward(new ParameterStore(manager, false), inputs, false);

            assertThat(model.lastHiddenState(inputs).toFloatArray()).containsExactly(expected.get(0).toFloatArray());
            long adapted = model.parameters().keySet().stream().filter(n -> n.endsWith("lora_B.weight")).count();
            assertThat(adapted).as("6 linears x 2 layers + pooler").isEqualTo(13);
        }
    }

    @Test
    void loraAStartsKaimingUniformAndBAtZero() throws IOException {
        try (LoraBertClassifier model = classifier(LoraSettings.defaults())) {
            float[] a = model.parameters().get("bert.encoder.layer.0.attention.self.query.lora_A.weight").getArray().toFloatArray();
            float bound = (float) (1 / Math.sqrt(TinyBert.CONFIG.hiddenSize()));
            float max = 0;
            for (float v : a) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
                max = Math.max(max, Math.abs(v));
            }
            assertThat(max).as("spread over the whole interval").isGreaterThan(0.8f * bound);
            assertThat(model.parameters().get("bert.encoder.layer.1.attention.self.value.lora_B.weight").getArray().toFloatArray())
                    .containsOnly(0f);
            assertThat(model.parameters().get("classifier.bias").getArray().toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void mergedEqualsUnmergedAndUnmergeRestoresTheBaseBitForBit() throws IOException {
        try (LoraBertClassifier model = classifier(LoraSettings.defaults().withAlpha(16))) {
            model.importAdapter(randomized(model.exportAdapter(), 3));
            Map<String, FloatTensor> baseBefore = frozen(model);
            try (NDManager manager = model.manager().newSubManager()) {
                float[] unmerged = model.logits(batch, manager, false).toFloatArray();
                model.merge();
                float[] merged = model.logits(batch, manager, false).toFloatArray();
                assertThat(frozen(model)).as("merging changes the targeted weights").isNotEqualTo(baseBefore);
                assertThatThrownBy(() -> model.logits(batch, manager, true)).isInstanceOf(IllegalStateException.class);
                model.unmerge();
                for (int i = 0; i < merged.length; i++) {
                    assertThat(merged[i]).isCloseTo(unmerged[i], offset(1e-5f));
                }
                assertThat(unmerged).as("the adapter moved the logits").isNotEqualTo(baseLogits(manager));
                assertThat(model.logits(batch, manager, false).toFloatArray()).containsExactly(unmerged);
            }
            assertThat(frozen(model)).isEqualTo(baseBefore);
        }
    }

    @Test
    void trainingChangesOnlyLoraAndHeadAndOnlyTheyGetGradients() throws IOException {
        LoraSettings settings = LoraSettings.defaults().withR(4).withAlpha(8).withDropout(0.1).withModulesToSave(List.of("pooler"));
        try (LoraBertClassifier model = classifier(settings)) {
            Map<String, FloatTensor> baseBefore = frozen(model);
            Map<String, FloatTensor> trainableBefore = new LinkedHashMap<>(model.exportAdapter().tensors());
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
            Loss loss = Loss.softmaxCrossEntropyLoss();
            float firstLoss = 0;
            float lastLoss = 0;
            for (int step = 0; step < 5; step++) {
                try (NDManager manager = model.manager().newSubManager();
                        GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray labels = manager.create(new float[] {1, 0, 2, 1});
                    NDArray logits = model.logits(batch, manager, true);
                    NDArray value = loss.evaluate(new NDList(labels), new NDList(logits));
                    collector.backward(value);
                    lastLoss = value.getFloat();
                    firstLoss = step == 0 ? lastLoss : firstLoss;
                    for (Map.Entry<String, Parameter> entry : model.parameters().entrySet()) {
                        NDArray array = entry.getValue().getArray();
                        boolean trainable = model.trainableParameters().containsKey(entry.getKey());
                        assertThat(array.hasGradient()).as(entry.getKey()).isEqualTo(trainable);
                        if (trainable && (step > 0 || !entry.getKey().endsWith("lora_A.weight"))) {
                            // at step 0 B = 0, so A's gradient B^T·… is exactly zero
                            assertThat(array.getGradient().abs().sum().getFloat()).as(entry.getKey()).isGreaterThan(0f);
                        }
                    }
                    for (Parameter parameter : model.trainableParameters().values()) {
                        adam.update(parameter.getId(), parameter.getArray(), parameter.getArray().getGradient());
                    }
                }
            }
            assertThat(lastLoss).isLessThan(firstLoss);
            assertThat(frozen(model)).isEqualTo(baseBefore);
            model.exportAdapter().tensors().forEach((name, tensor) ->
                    assertThat(tensor).as(name).isNotEqualTo(trainableBefore.get(name)));
            assertThat(model.trainableParameters().keySet())
                    .contains("bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias")
                    .hasSize(2 * 2 * 2 + 4);
        }
    }

    @Test
    void dropoutOnlyInTraining() throws IOException {
        try (LoraBertClassifier model = classifier(LoraSettings.defaults().withDropout(0.5));
                NDManager manager = model.manager().newSubManager()) {
            assertThat(model.logits(batch, manager, false).toFloatArray())
                    .containsExactly(model.logits(batch, manager, false).toFloatArray());
            assertThat(model.logits(batch, manager, true).toFloatArray())
                    .isNotEqualTo(model.logits(batch, manager, true).toFloatArray());
        }
    }

    @Test
    void adapterExportImportReproducesTheLogits() throws IOException {
        AdapterState adapter;
        float[] expected;
        try (LoraBertClassifier model = classifier(LoraSettings.defaults().withRslora(true));
                NDManager manager = model.manager().newSubManager()) {
            model.importAdapter(randomized(model.exportAdapter(), 11));
            adapter = model.exportAdapter();
            expected = model.logits(batch, manager, false).toFloatArray();
        }
        try (LoraBertClassifier warm = LoraBertClassifier.builder()
                        .setBaseModel(TinyBert.model())
                        .optAdapter(adapter)
                        .optDevice(Device.cpu())
                        .optSeed(99)
                        .build();
                NDManager manager = warm.manager().newSubManager()) {
            assertThat(warm.labels()).isEqualTo(LABELS);
            assertThat(warm.settings()).isEqualTo(adapter.settings());
            assertThat(warm.logits(batch, manager, false).toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void scalingFollowsPeft() {
        assertThat(LoraSettings.defaults().withR(16).withAlpha(32).scaling()).isEqualTo(2.0);
        assertThat(LoraSettings.defaults().withR(16).withAlpha(32).withRslora(true).scaling()).isEqualTo(8.0);
    }

    @Test
    void targetsMatchModuleNameSuffixesAsPeftDoes() throws IOException {
        try (LoraBertClassifier model = classifier(LoraSettings.defaults().withTargetModules(List.of("output.dense")))) {
            assertThat(model.trainableParameters().keySet().stream().filter(n -> n.endsWith("lora_A.weight")))
                    .containsExactly(
                            "bert.encoder.layer.0.attention.output.dense.lora_A.weight",
                            "bert.encoder.layer.0.output.dense.lora_A.weight",
                            "bert.encoder.layer.1.attention.output.dense.lora_A.weight",
                            "bert.encoder.layer.1.output.dense.lora_A.weight");
        }
        assertThatThrownBy(() -> classifier(LoraSettings.defaults().withTargetModules(List.of("query", "q_proj"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'q_proj'");
        assertThatThrownBy(() -> classifier(LoraSettings.defaults().withTargetModules(List.of("classifier"))))
                .hasMessageContaining("module to save");
    }

    @Test
    void importRefusesForeignAdapters() throws IOException {
        try (LoraBertClassifier model = classifier(LoraSettings.defaults())) {
            AdapterState own = model.exportAdapter();
            Map<String, FloatTensor> missing = new LinkedHashMap<>(own.tensors());
            missing.remove("classifier.bias");
            assertThatThrownBy(() -> model.importAdapter(new AdapterState(own.settings(), LABELS, missing)))
                    .hasMessageContaining("'classifier.bias' is missing");
            Map<String, FloatTensor> wrongShape = new LinkedHashMap<>(own.tensors());
            wrongShape.put("classifier.bias", new FloatTensor(new long[] {2}, new float[2]));
            assertThatThrownBy(() -> model.importAdapter(new AdapterState(own.settings(), LABELS, wrongShape)))
                    .hasMessageContaining("'classifier.bias' has shape [2]");
            assertThatThrownBy(() -> model.importAdapter(new AdapterState(own.settings().withR(4), LABELS, own.tensors())))
                    .hasMessageContaining("settings");
        }
    }

    static LoraBertClassifier classifier(LoraSettings settings) throws IOException {
        return LoraBertClassifier.builder()
                .setBaseModel(TinyBert.model())
                .setLabels(LABELS)
                .optSettings(settings)
                .optDevice(Device.cpu())
                .build();
    }

    private float[] baseLogits(NDManager manager) throws IOException {
        try (LoraBertClassifier fresh = classifier(LoraSettings.defaults())) {
            return fresh.logits(batch, manager, false).toFloatArray();
        }
    }

    /** The adapter with every tensor replaced by N(0, 0.5) values, so LoRA visibly changes the model. */
    static AdapterState randomized(AdapterState adapter, long seed) {
        Random random = new Random(seed);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        adapter.tensors().forEach((name, tensor) -> {
            float[] values = new float[tensor.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.5);
            }
            tensors.put(name, new FloatTensor(tensor.shape(), values));
        });
        return new AdapterState(adapter.settings(), adapter.labels(), tensors);
    }

    private static Map<String, FloatTensor> frozen(LoraBertClassifier model) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        model.parameters().forEach((name, parameter) -> {
            if (!model.trainableParameters().containsKey(name)) {
                out.put(name, FloatTensor.of(parameter.getArray()));
            }
        });
        return out;
    }
}
