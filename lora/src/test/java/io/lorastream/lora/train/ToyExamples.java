package io.lorastream.lora.train;

import io.lorastream.lora.data.LabeledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A trivially separable two-class text set: each text is made of words from its class's word list only. */
final class ToyExamples {

    static final List<String> LABELS = List.of("neg", "pos");

    private static final String[] POSITIVE = {"good", "great", "excellent", "wonderful", "happy", "love", "nice",
        "superb", "fantastic", "lovely"};
    private static final String[] NEGATIVE = {"bad", "awful", "terrible", "horrible", "sad", "hate", "poor",
        "worst", "nasty", "ugly"};

    private ToyExamples() {
    }

    /** {@code perClass} examples of each class, 3 to 12 words long, interleaved. */
    static List<LabeledExample> balanced(int perClass, long seed) {
        return of(perClass, perClass, seed);
    }

    static List<LabeledExample> of(int negatives, int positives, long seed) {
        Random random = new Random(seed);
        List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < Math.max(negatives, positives); i++) {
            if (i < negatives) {
                examples.add(LabeledExample.of(text(NEGATIVE, random), "neg"));
            }
            if (i < positives) {
                examples.add(LabeledExample.of(text(POSITIVE, random), "pos"));
            }
        }
        return examples;
    }

    private static String text(String[] words, Random random) {
        int n = 3 + random.nextInt(10);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        return sb.toString();
    }
}
