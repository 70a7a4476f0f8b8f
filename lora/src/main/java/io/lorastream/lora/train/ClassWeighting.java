package io.lorastream.lora.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * How much each class counts in the loss: equally, inversely to its frequency ("balanced", as
 * scikit-learn's {@code class_weight="balanced"}: {@code n / (k · n_c)}), or by explicit weights.
 */
public final class ClassWeighting {

    private enum Mode { NONE, BALANCED, EXPLICIT }

    private final Mode mode;
    private final Map<String, Double> explicit;

    private ClassWeighting(Mode mode, Map<String, Double> explicit) {
        this.mode = mode;
        this.explicit = explicit;
    }

    /** Every class weighs 1. */
    public static ClassWeighting none() {
        return new ClassWeighting(Mode.NONE, Map.of());
    }

    /** Classes weigh {@code n / (k · n_c)}, so each class contributes as much as the others in total. */
    public static ClassWeighting balanced() {
        return new ClassWeighting(Mode.BALANCED, Map.of());
    }

    /**
     * Explicit weights by label; labels not listed weigh 1.
     *
     * @throws IllegalArgumentException when a weight is not finite and positive
     */
    public static ClassWeighting of(Map<String, Double> weights) {
        weights.forEach((label, w) -> {
            if (!(w > 0) || w.isInfinite()) {
                throw new IllegalArgumentException(
                        "class weight of '" + label + "' must be finite and positive, was " + w);
            }
        });
        return new ClassWeighting(Mode.EXPLICIT, Map.copyOf(weights));
    }

    /**
     * Weight of each class index for training examples with the given class indices.
     *
     * @throws IllegalArgumentException when an explicit weight names a label outside the label set
     */
    public double[] weights(LabelSet labels, int[] classOfExample) {
        double[] w = new double[labels.size()];
        switch (mode) {
            case NONE -> Arrays.fill(w, 1.0);
            case BALANCED -> {
                long[] counts = new long[labels.size()];
                for (int c : classOfExample) {
                    counts[c]++;
                }
                for (int c = 0; c < w.length; c++) {
                    // A class absent from the training data gets 1: it contributes no loss anyway.
                    w[c] = counts[c] == 0 ? 1.0 : (double) classOfExample.length / (labels.size() * counts[c]);
                }
            }
            case EXPLICIT -> {
                Arrays.fill(w, 1.0);
                explicit.forEach((label, weight) -> w[labels.indexOf(label, "the class weights")] = weight);
            }
        }
        return w;
    }

    @Override
    public String toString() {
        return mode == Mode.EXPLICIT ? "explicit" + explicit : mode.name().toLowerCase(Locale.ROOT);
    }
}
