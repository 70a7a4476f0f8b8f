package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.data.SpamAssassinCorpus;
import io.lorastream.lora.data.SpamAssassinCorpusFixture;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.StratifiedSampler;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.infer.Prediction;
import io.lorastream.lora.infer.TextClassifier;
import io.lorastream.lora.metrics.ClassificationReport;
import io.lorastream.lora.metrics.McNemarResult;
import io.lorastream.lora.metrics.McNemarTest;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.testing.MiniLm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Learning on real data: a short CPU run of MiniLM + LoRA on a slice of the SpamAssassin corpus must
 * classify held-out mails clearly better than the same model with its untrained head.
 */
class SpamAssassinLearningTest {

    private static final List<String> LABELS = List.of("ham", "spam");
    private static final int TRAIN = 320;
    private static final int HELD_OUT = 200;
    private static final int MAX_LENGTH = 128;

    @Test
    void shortTrainingRunBeatsTheUntrainedHeadOnHeldOutMail() throws Exception {
        SpamAssassinCorpus corpus = SpamAssassinCorpusFixture.open();
        List<List<SpamAssassinEmail>> split = StratifiedSampler.split(corpus.emails(), SpamAssassinEmail::label,
                new int[] {TRAIN, HELD_OUT}, 2024);
        List<LabeledExample> train = split.get(0).stream().map(SpamAssassinEmail::toExample).toList();
        List<LabeledExample> heldOut = split.get(1).stream().map(SpamAssassinEmail::toExample).toList();
        BertModelDir miniLm = MiniLm.model();

        ClassificationReport before;
        try (TextClassifier untrained = TextClassifier.builder().setBaseModel(miniLm).setLabels(LABELS)
                .optMaxLength(MAX_LENGTH).optDevice("cpu").build()) {
            before = evaluate(untrained, heldOut);
        }

        TrainingResult result = LoraTrainer.builder()
                .setBaseModel(miniLm)
                .setLabels(LABELS)
                .optEpochs(2)
                .optBatchSize(16)
                .optLearningRate(2e-3)
                .optWarmupRatio(0.1)
                .optClassWeighting(ClassWeighting.balanced())
                .optMaxLength(MAX_LENGTH)
                .optDevice("cpu")
                .optSeed(7)
                .build()
                .train(train);
        AdapterState adapter = result.adapter();

        ClassificationReport after;
        List<Prediction> untrainedPredictions;
        List<Prediction> trainedPredictions;
        try (TextClassifier untrained = TextClassifier.builder().setBaseModel(miniLm).setLabels(LABELS)
                .optMaxLength(MAX_LENGTH).optDevice("cpu").build();
                TextClassifier trained = TextClassifier.builder().setBaseModel(miniLm).optAdapter(adapter)
                        .optMaxLength(MAX_LENGTH).optDevice("cpu").build()) {
            List<String> texts = heldOut.stream().map(LabeledExample::text).toList();
            untrainedPredictions = untrained.predict(texts);
            trainedPredictions = trained.predict(texts);
            after = evaluate(trained, heldOut);
        }
        int[] actual = heldOut.stream().mapToInt(e -> LABELS.indexOf(e.label())).toArray();
        McNemarResult mcNemar = McNemarTest.compare(actual, Prediction.classIndices(trainedPredictions),
                Prediction.classIndices(untrainedPredictions));

        System.out.printf("SpamAssassin %d train / %d held-out, %d steps in %.1f s (%.1f examples/s, %.0f tokens/s)%n"
                        + "untrained head: accuracy %.3f, macro-F1 %.3f%ntrained:        accuracy %.3f, macro-F1 %.3f%n"
                        + "McNemar: %d vs %d discordant, p = %.2e%nstep losses %s%n",
                TRAIN, HELD_OUT, result.steps(), result.wallTime().toMillis() / 1000.0, result.examplesPerSecond(),
                result.tokensPerSecond(), before.accuracy(), before.macroF1(), after.accuracy(), after.macroF1(),
                mcNemar.onlyFirstCorrect(), mcNemar.onlySecondCorrect(), mcNemar.pValue(), result.stepLosses());
        System.out.println(after);

        assertThat(after.accuracy()).isGreaterThanOrEqualTo(0.85);
        assertThat(after.accuracy()).isGreaterThanOrEqualTo(before.accuracy() + 0.15);
        assertThat(after.macroF1()).isGreaterThanOrEqualTo(before.macroF1() + 0.2);
        assertThat(mcNemar.pValue()).isLessThan(0.001);
    }

    private static ClassificationReport evaluate(TextClassifier classifier, List<LabeledExample> examples) {
        List<Prediction> predictions = classifier.predict(examples.stream().map(LabeledExample::text).toList());
        int[] actual = examples.stream().mapToInt(e -> LABELS.indexOf(e.label())).toArray();
        return ClassificationReport.of(LABELS, actual, Prediction.classIndices(predictions));
    }
}
