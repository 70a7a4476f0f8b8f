package io.lorastream.evaluator.testing;

import io.lorastream.lora.data.LabeledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A separable three-class text set for the tiny model: each text is made of words from its class's list only. */
public final class ToyTopics {

    public static final List<String> LABELS = List.of("sport", "weather", "money");

    private static final Map<String, String[]> WORDS = Map.of(
            "sport", new String[] {"football", "goal", "team", "match", "player", "coach", "league", "score", "tennis",
                "race"},
            "weather", new String[] {"rain", "sunny", "cloud", "storm", "wind", "snow", "forecast", "cold", "warm",
                "fog"},
            "money", new String[] {"bank", "loan", "price", "market", "stock", "cash", "credit", "budget", "tax",
                "invest"});

    private ToyTopics() {
    }

    /** {@code perClass} examples of each of {@code labels}, interleaved, 3 to 10 words long. */
    public static List<LabeledExample> examples(int perClass, long seed, List<String> labels) {
        Random random = new Random(seed);
        List<LabeledExample> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (String label : labels) {
                out.add(LabeledExample.of(text(WORDS.get(label), random), label));
            }
        }
        return out;
    }

    /** The same texts with every label rotated (sport → weather → money → sport): a poisoned training set. */
    public static List<LabeledExample> rotated(List<LabeledExample> examples) {
        return examples.stream().map(e -> LabeledExample.of(e.text(),
                LABELS.get((LABELS.indexOf(e.label()) + 1) % LABELS.size()))).toList();
    }

    private static String text(String[] words, Random random) {
        int n = 3 + random.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        return sb.toString();
    }
}
