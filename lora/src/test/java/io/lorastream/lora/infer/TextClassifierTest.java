package io.lorastream.lora.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.metrics.ConfusionMatrix;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.testing.TinyBert;
import io.lorastream.lora.train.LoraTrainer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextClassifierTest {

    private static final List<String> LABELS = List.of("neg", "pos");
    private static final String[] POSITIVE = {"good", "great", "excellent", "wonderful", "happy", "love"};
    private static final String[] NEGATIVE = {"bad", "awful", "terrible", "horrible", "sad", "hate"};

    private static AdapterState adapter;

    @BeforeAll
    static void trainAdapter() {
        adapter = LoraTrainer.builder()
                .setBaseModel(TinyBert.model())
                .setLabels(LABELS)
                .optEpochs(6)
                .optBatchSize(8)
                .optLearningRate(1e-2)
                .optMaxLength(32)
                .optDevice("cpu")
                .build()
                .train(examples(32, 1))
                .adapter();
    }

    @Test
    void trainedAdapterClassifiesUnseenToyTexts() throws Exception {
        List<LabeledExample> heldOut = examples(20, 99);
        try (TextClassifier classifier = classifier(true)) {
            List<Prediction> predictions = classifier.predict(heldOut.stream().map(LabeledExample::text).toList());

            int[] actual = heldOut.stream().mapToInt(e -> LABELS.indexOf(e.label())).toArray();
            double accuracy = ConfusionMatrix.of(2, actual, Prediction.classIndices(predictions)).accuracy();
            assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
            assertThat(classifier.isMerged()).isTrue();
        }
    }

    @Test
    void batchedPredictionsKeepInputOrderAndIgnorePadding() throws Exception {
        List<String> texts = List.of("good great good love happy wonderful excellent", "bad", "awful sad",
                "great", "hate hate terrible horrible bad awful sad bad");
        try (TextClassifier batched = TextClassifier.builder().setBaseModel(TinyBert.model()).optAdapter(adapter)
                .optBatchSize(4).optDevice("cpu").build()) {
            List<Prediction> together = batched.predict(texts);
            for (int i = 0; i < texts.size(); i++) {
                Prediction alone = batched.predict(texts.get(i));
                assertThat(together.get(i).label()).isEqualTo(alone.label());
                assertThat(together.get(i).probabilities()[1]).isCloseTo(alone.probabilities()[1], within(1e-5));
            }
        }
    }

    @Test
    void mergedAndUnmergedAgree() throws Exception {
        List<String> texts = examples(8, 5).stream().map(LabeledExample::text).toList();
        try (TextClassifier merged = classifier(true); TextClassifier unmerged = classifier(false)) {
            List<Prediction> a = merged.predict(texts);
            List<Prediction> b = unmerged.predict(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(a.get(i).probabilities()[0]).isCloseTo(b.get(i).probabilities()[0], within(1e-4));
            }
        }
    }

    @Test
    void probabilitiesAreADistributionAndLabelIsTheArgmax() throws Exception {
        try (TextClassifier classifier = classifier(true)) {
            Prediction p = classifier.predict("wonderful");
            assertThat(Arrays.stream(p.probabilities()).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(p.confidence()).isGreaterThanOrEqualTo(0.5);
            assertThat(p.label()).isEqualTo(LABELS.get(p.classIndex()));
            assertThat(classifier.predict(List.of())).isEmpty();
        }
    }

    @Test
    void untrainedHeadNeedsLabels() {
        assertThatThrownBy(() -> TextClassifier.builder().setBaseModel(TinyBert.model()).optDevice("cpu").build())
                .hasMessageContaining("optAdapter or setLabels");
    }

    private static TextClassifier classifier(boolean merge) throws Exception {
        return TextClassifier.builder().setBaseModel(TinyBert.model()).optAdapter(adapter).optMerge(merge)
                .optDevice("cpu").build();
    }

    private static List<LabeledExample> examples(int perClass, long seed) {
        Random random = new Random(seed);
        return IntStream.range(0, 2 * perClass)
                .mapToObj(i -> {
                    String[] words = i % 2 == 0 ? NEGATIVE : POSITIVE;
                    StringBuilder sb = new StringBuilder(words[random.nextInt(words.length)]);
                    for (int w = random.nextInt(8); w > 0; w--) {
                        sb.append(' ').append(words[random.nextInt(words.length)]);
                    }
                    return LabeledExample.of(sb.toString(), LABELS.get(i % 2));
                })
                .toList();
    }
}
