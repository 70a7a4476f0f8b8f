package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.hf.BertConfig;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.model.LoraBertClassifier;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.safetensors.FloatTensor;
import io.lorastream.lora.testing.TestPaths;
import io.lorastream.lora.testing.TinyBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The trainer on a tiny random BERT: fast checks of every training behaviour. */
class LoraTrainerTest {

    private static LoraTrainer.Builder tiny() {
        return LoraTrainer.builder()
                .setBaseModel(TinyBert.model())
                .setLabels(ToyExamples.LABELS)
                .optLoraSettings(LoraSettings.defaults())
                .optBatchSize(8)
                .optLearningRate(1e-2)
                .optWarmupRatio(0.1)
                .optMaxLength(32)
                .optDevice("cpu")
                .optSeed(1);
    }

    @Test
    void lossGoesDownOnASeparableToySet() {
        TrainingResult result = tiny().optEpochs(6).build().train(ToyExamples.balanced(32, 3));

        List<Double> epochLosses = result.trainingLosses();
        assertThat(epochLosses).hasSize(6);
        assertThat(epochLosses.get(5)).isLessThan(epochLosses.get(0) * 0.5);
        assertThat(result.steps()).isEqualTo(6 * 8);
        assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(result.device()).contains("cpu");
        assertThat(result.examplesPerSecond()).isPositive();
        assertThat(result.tokensPerSecond()).isGreaterThan(result.examplesPerSecond());
        assertThat(result.adapter().labels()).isEqualTo(ToyExamples.LABELS);
        assertThat(result.adapter().tensors()).containsKey("classifier.weight");
    }

    @Test
    void sameSeedGivesIdenticalLosses() {
        List<LabeledExample> examples = ToyExamples.balanced(16, 4);

        TrainingResult first = tiny().optEpochs(2).build().train(examples);
        TrainingResult second = tiny().optEpochs(2).build().train(examples);
        TrainingResult otherSeed = tiny().optEpochs(2).optSeed(2).build().train(examples);

        assertThat(second.stepLosses()).isEqualTo(first.stepLosses());
        assertThat(second.adapter().tensors()).isEqualTo(first.adapter().tensors());
        assertThat(otherSeed.stepLosses()).isNotEqualTo(first.stepLosses());
    }

    @Test
    void progressIsReportedEveryStep() {
        List<TrainingProgress> steps = new ArrayList<>();
        List<EpochSummary> epochs = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                steps.add(progress);
            }

            @Override
            public void onEpoch(EpochSummary summary) {
                epochs.add(summary);
            }
        };

        tiny().optEpochs(2).optListener(listener).build().train(ToyExamples.balanced(8, 5));

        assertThat(steps).hasSize(4);
        assertThat(steps).extracting(TrainingProgress::step).containsExactly(1, 2, 3, 4);
        assertThat(steps).allSatisfy(p -> {
            assertThat(p.totalSteps()).isEqualTo(4);
            assertThat(p.examplesPerSecond()).isPositive();
            assertThat(p.learningRate()).isPositive();
        });
        assertThat(steps.get(0).eta()).as("three steps still to go").isPositive();
        assertThat(steps.get(3).eta()).isZero();
        assertThat(steps).allSatisfy(p -> assertThat(p.loss()).isFinite());
        assertThat(epochs).extracting(EpochSummary::epoch).containsExactly(0, 1);
    }

    @Test
    void cancellationStopsWithinAStep() {
        CancellationToken token = new CancellationToken();
        AtomicInteger stepsSeen = new AtomicInteger();
        LoraTrainer trainer = tiny().optEpochs(50).optListener(p -> {
            if (stepsSeen.incrementAndGet() == 3) {
                token.cancel();
            }
        }).build();

        assertThatThrownBy(() -> trainer.train(ToyExamples.balanced(16, 6), token))
                .isInstanceOfSatisfying(TrainingCancelledException.class,
                        e -> assertThat(e.stepsDone()).isEqualTo(3));
        assertThat(stepsSeen).hasValue(3);
    }

    @Test
    void earlyStoppingEndsTheRunAndKeepsTheBestEpoch() {
        // A learning rate this high makes validation loss climb after the first epochs.
        TrainingResult result = tiny().optEpochs(30).optLearningRate(0.3).optWarmupRatio(0)
                .optValidationFraction(0.25).optEarlyStoppingPatience(2)
                .build().train(ToyExamples.balanced(24, 7));

        assertThat(result.stopReason()).isEqualTo(StopReason.EARLY_STOPPED);
        assertThat(result.epochs()).hasSizeLessThan(30);
        assertThat(result.validationExamples()).isEqualTo(12);
        assertThat(result.trainingExamples()).isEqualTo(36);
        List<Double> validation = result.validationLosses();
        assertThat(validation).hasSize(result.epochs().size());
        double best = validation.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(validation.get(result.bestEpoch())).isEqualTo(best);
        assertThat(result.bestEpoch()).isEqualTo(result.epochs().size() - 3);
    }

    @Test
    void classWeightsChangeTheLoss() {
        List<LabeledExample> imbalanced = ToyExamples.of(24, 6, 8);

        TrainingResult plain = tiny().optEpochs(1).build().train(imbalanced);
        TrainingResult balanced = tiny().optEpochs(1).optClassWeighting(ClassWeighting.balanced()).build()
                .train(imbalanced);

        assertThat(balanced.stepLosses().get(0)).isNotEqualTo(plain.stepLosses().get(0));
    }

    @Test
    void exampleWeightsChangeTheLoss() {
        List<LabeledExample> examples = ToyExamples.balanced(8, 9);
        List<LabeledExample> weighted = examples.stream()
                .map(e -> new LabeledExample(e.text(), e.label(), e.label().equals("pos") ? 5.0 : 1.0))
                .toList();

        TrainingResult plain = tiny().optEpochs(1).build().train(examples);
        TrainingResult heavy = tiny().optEpochs(1).build().train(weighted);

        assertThat(heavy.stepLosses().get(0)).isNotEqualTo(plain.stepLosses().get(0));
    }

    @Test
    void exampleWeightsAreAWeightedMeanSoAUniformWeightChangesNothing() {
        // CrossEntropyLoss(weight=…) convention: sum(w·loss) / sum(w). Twice every weight is the same loss;
        // a plain mean of w·loss would double it.
        List<LabeledExample> examples = ToyExamples.balanced(8, 9);
        List<LabeledExample> doubled = examples.stream()
                .map(e -> new LabeledExample(e.text(), e.label(), 2.0))
                .toList();

        TrainingResult plain = tiny().optEpochs(1).build().train(examples);
        TrainingResult twice = tiny().optEpochs(1).build().train(doubled);

        for (int i = 0; i < plain.steps(); i++) {
            assertThat(twice.stepLosses().get(i)).isCloseTo(plain.stepLosses().get(i), within(1e-6));
        }
    }

    @Test
    void dynamicPaddingTrainsExactlyAsPaddingToTheLimit() throws Exception {
        // Padding is masked out of attention, so padding to the longest text of a batch or to maxLength
        // must give the same losses; without dropout and bucketing both runs see identical batches.
        BertModelDir noDropout = tinyBertWithoutDropout();
        List<LabeledExample> examples = ToyExamples.balanced(16, 14);

        TrainingResult dynamic = tiny().setBaseModel(noDropout).optEpochs(2).optLengthBucketing(false)
                .optDynamicPadding(true).build().train(examples);
        TrainingResult fixed = tiny().setBaseModel(noDropout).optEpochs(2).optLengthBucketing(false)
                .optDynamicPadding(false).build().train(examples);

        assertThat(fixed.steps()).isEqualTo(dynamic.steps());
        for (int i = 0; i < dynamic.steps(); i++) {
            assertThat(fixed.stepLosses().get(i)).isCloseTo(dynamic.stepLosses().get(i), within(1e-5));
        }
        assertThat(maxAbsDifference(fixed.adapter().tensors(), dynamic.adapter().tensors())).isLessThan(1e-4);
        assertThat(fixed.tokensPerSecond()).as("padding tokens are not counted as real ones")
                .isLessThan(fixed.examplesPerSecond() * 32);
    }

    @Test
    void trainingLeavesEveryFrozenWeightBitIdenticalAndMovesEveryTrainedOne() throws Exception {
        LoraTrainer trainer = tiny().optEpochs(2).build();
        try (LoraBertClassifier model = LoraBertClassifier.builder().setBaseModel(TinyBert.model())
                .setLabels(ToyExamples.LABELS).optSettings(LoraSettings.defaults()).optDevice(ai.djl.Device.cpu())
                .optSeed(1).build()) {
            Map<String, FloatTensor> frozenBefore = snapshot(model, false);
            Map<String, FloatTensor> trainedBefore = snapshot(model, true);

            trainer.trainModel(model, ToyExamples.balanced(16, 15));

            assertThat(snapshot(model, false)).isEqualTo(frozenBefore);
            Map<String, FloatTensor> trainedAfter = snapshot(model, true);
            assertThat(trainedAfter.keySet()).isNotEmpty().isEqualTo(trainedBefore.keySet());
            trainedBefore.forEach((name, before) -> {
                if (name.contains("lora_B") || name.startsWith("classifier")) {
                    // lora_A gets no gradient until B moves away from zero; B and the head move from step 1.
                    assertThat(trainedAfter.get(name)).as(name).isNotEqualTo(before);
                }
            });
        }
    }

    @Test
    void theHeadHasItsOwnLearningRate() {
        // Same seed, so both runs start from the same head; only the head's rate differs.
        List<LabeledExample> examples = ToyExamples.balanced(32, 17);

        TrainingResult headOnly = tiny().optEpochs(2).optLearningRate(1e-9).optHeadLearningRate(5e-2).build()
                .train(examples);
        TrainingResult frozen = tiny().optEpochs(2).optLearningRate(1e-9).build().train(examples);

        assertThat(headOnly.settings().headLearningRate()).isEqualTo(5e-2);
        assertThat(frozen.settings().headLearningRate()).as("defaults to the LoRA rate").isEqualTo(1e-9);
        Map<String, FloatTensor> moved = headOnly.adapter().tensors();
        Map<String, FloatTensor> still = frozen.adapter().tensors();
        assertThat(maxAbsDifference(Map.of("w", moved.get("classifier.weight")), Map.of("w", still.get("classifier.weight"))))
                .as("the head moved at its own rate").isGreaterThan(1e-2);
        moved.forEach((name, tensor) -> {
            if (name.contains(".lora_")) {
                assertThat(maxAbsDifference(Map.of(name, tensor), Map.of(name, still.get(name))))
                        .as("%s stays put at 1e-9", name).isLessThan(1e-6);
            }
        });
        assertThat(TrainingRun.isHead("classifier.weight")).isTrue();
        assertThat(TrainingRun.isHead("bert.pooler.dense.bias")).isTrue();
        assertThat(TrainingRun.isHead("bert.encoder.layer.0.attention.self.query.lora_A.weight")).isFalse();
    }

    @Test
    void threadCountsAreApplied() {
        int before = ComputeThreads.intraOp();
        try {
            tiny().optEpochs(1).optThreads(1, 0).build().train(ToyExamples.balanced(4, 16));
            assertThat(ComputeThreads.intraOp()).isEqualTo(1);
        } finally {
            ComputeThreads.apply(before, 0);
        }
        assertThat(ComputeThreads.intraOp()).isEqualTo(before);
    }

    private static Map<String, FloatTensor> snapshot(LoraBertClassifier model, boolean trainable) {
        Map<String, FloatTensor> out = new java.util.TreeMap<>();
        model.parameters().forEach((name, parameter) -> {
            if (model.trainableParameters().containsKey(name) == trainable) {
                out.put(name, FloatTensor.of(parameter.getArray()));
            }
        });
        return out;
    }

    @Test
    void warmStartBeginsFromTheGivenAdapter() {
        List<LabeledExample> examples = ToyExamples.balanced(32, 10);
        TrainingResult first = tiny().optEpochs(6).build().train(examples);

        TrainingResult warm = tiny().optEpochs(1).optLearningRate(1e-9).build()
                .trainFrom(first.adapter(), examples, new CancellationToken());
        TrainingResult cold = tiny().optEpochs(1).optLearningRate(1e-9).build().train(examples);

        // With a negligible learning rate the warm run keeps the trained weights and their low loss.
        assertThat(maxAbsDifference(warm.adapter().tensors(), first.adapter().tensors())).isLessThan(1e-4);
        assertThat(warm.trainingLosses().get(0)).isLessThan(cold.trainingLosses().get(0) * 0.5);
    }

    @Test
    void microBatchesAccumulateToTheWholeBatchUpdate() throws Exception {
        // Without dropout the forward pass is deterministic, so both runs must compute the same gradients.
        BertModelDir noDropout = tinyBertWithoutDropout();
        List<LabeledExample> examples = ToyExamples.balanced(16, 13);

        TrainingResult whole = tiny().setBaseModel(noDropout).optEpochs(2).optBatchSize(16).optMicroBatchSize(0)
                .build().train(examples);
        TrainingResult micro = tiny().setBaseModel(noDropout).optEpochs(2).optBatchSize(16).optMicroBatchSize(3)
                .build().train(examples);

        assertThat(micro.steps()).isEqualTo(whole.steps());
        for (int i = 0; i < whole.steps(); i++) {
            assertThat(micro.stepLosses().get(i)).isCloseTo(whole.stepLosses().get(i), within(1e-5));
        }
        assertThat(maxAbsDifference(micro.adapter().tensors(), whole.adapter().tensors())).isLessThan(1e-4);
    }

    @Test
    void unknownLabelIsNamedWithItsExample() {
        List<LabeledExample> examples = new ArrayList<>(ToyExamples.balanced(2, 11));
        examples.add(LabeledExample.of("meh", "neutral"));

        assertThatThrownBy(() -> tiny().build().train(examples))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 'neutral' of example 4 is not in the label set [neg, pos]");
    }

    @Test
    void invalidSettingsAreNamed() {
        assertThatThrownBy(() -> tiny().optEpochs(0).build()).hasMessageContaining("epochs");
        assertThatThrownBy(() -> tiny().optValidationFraction(1.0).build()).hasMessageContaining("validationFraction");
        assertThatThrownBy(() -> tiny().optDevice("tpu").build().train(ToyExamples.balanced(2, 1)))
                .hasMessageContaining("device 'tpu'");
        assertThatThrownBy(() -> tiny().build().train(List.of())).hasMessageContaining("examples is empty");
    }

    /** TinyBert's weights and tokenizer with every dropout probability set to 0. */
    private static BertModelDir tinyBertWithoutDropout() throws Exception {
        BertConfig c = TinyBert.CONFIG;
        Path dir = TestPaths.target().resolve("models/tiny-bert-no-dropout");
        Files.createDirectories(dir);
        new BertConfig(c.vocabSize(), c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(), c.intermediateSize(),
                c.hiddenAct(), 0.0, 0.0, c.maxPositionEmbeddings(), c.typeVocabSize(), c.initializerRange(),
                c.layerNormEps(), 0.0, c.labels()).write(dir.resolve(BertModelDir.CONFIG_FILE));
        for (String file : List.of(BertModelDir.WEIGHTS_FILE, BertModelDir.TOKENIZER_FILE)) {
            Files.copy(TinyBert.dir().resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return BertModelDir.open(dir);
    }

    private static double maxAbsDifference(Map<String, FloatTensor> a, Map<String, FloatTensor> b) {
        double max = 0;
        for (Map.Entry<String, FloatTensor> e : a.entrySet()) {
            float[] x = e.getValue().values();
            float[] y = b.get(e.getKey()).values();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }

}
