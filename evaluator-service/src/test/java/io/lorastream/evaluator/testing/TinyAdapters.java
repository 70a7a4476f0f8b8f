package io.lorastream.evaluator.testing;

import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.testing.TinyBert;
import io.lorastream.lora.train.LoraTrainer;
import java.util.List;

/**
 * Real adapters for the tiny BERT, trained with {@link LoraTrainer} once per JVM on {@link ToyTopics}: an honest one,
 * a weaker one (the champion the honest one must beat), one trained on rotated labels, one trained only on sport and
 * weather (it forgets money), and one with other label names.
 */
public final class TinyAdapters {

    private static AdapterState honest;
    private static AdapterState weak;
    private static AdapterState rotated;
    private static AdapterState forgetful;
    private static AdapterState otherLabels;

    private TinyAdapters() {
    }

    private static LoraTrainer.Builder trainer(List<String> labels) {
        return LoraTrainer.builder().setBaseModel(TinyBert.model()).setLabels(labels)
                .optLoraSettings(LoraSettings.defaults()).optBatchSize(8).optLearningRate(1e-2).optHeadLearningRate(5e-2)
                .optWarmupRatio(0.1).optMaxLength(16).optDevice("cpu").optSeed(1).optValidationFraction(0);
    }

    /** All three classes, well trained. */
    public static synchronized AdapterState honest() {
        if (honest == null) {
            honest = trainer(ToyTopics.LABELS).optEpochs(6).build()
                    .train(ToyTopics.examples(30, 11, ToyTopics.LABELS)).adapter();
        }
        return honest;
    }

    /** All three classes, on less data: knows every class (money best), makes more mistakes (macro-F1 ≈ 0.6). */
    public static synchronized AdapterState weak() {
        if (weak == null) {
            weak = trainer(ToyTopics.LABELS).optEpochs(4).build()
                    .train(ToyTopics.examples(12, 12, ToyTopics.LABELS)).adapter();
        }
        return weak;
    }

    /** Trained on rotated labels: confidently wrong everywhere. */
    public static synchronized AdapterState rotated() {
        if (rotated == null) {
            List<LabeledExample> examples = ToyTopics.rotated(ToyTopics.examples(20, 13, ToyTopics.LABELS));
            rotated = trainer(ToyTopics.LABELS).optEpochs(4).build().train(examples).adapter();
        }
        return rotated;
    }

    /** Trained only on sport and weather, with money still in its label set: it never answers money. */
    public static synchronized AdapterState forgetful() {
        if (forgetful == null) {
            forgetful = trainer(ToyTopics.LABELS).optEpochs(6).build()
                    .train(ToyTopics.examples(25, 14, List.of("sport", "weather"))).adapter();
        }
        return forgetful;
    }

    /** Well trained, but its labels are not the task's. */
    public static synchronized AdapterState otherLabels() {
        if (otherLabels == null) {
            List<LabeledExample> examples = ToyTopics.examples(10, 15, ToyTopics.LABELS).stream()
                    .map(e -> LabeledExample.of(e.text(), e.label().toUpperCase())).toList();
            otherLabels = trainer(List.of("SPORT", "WEATHER", "MONEY")).optEpochs(1).build().train(examples).adapter();
        }
        return otherLabels;
    }
}
