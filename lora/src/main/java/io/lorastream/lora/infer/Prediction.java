package io.lorastream.lora.infer;

import java.util.Arrays;
import java.util.List;

/**
 * The classifier's answer for one text.
 *
 * @param label the most probable label
 * @param classIndex its index in the label set
 * @param probabilities softmax probability of every label, in label-set order
 */
public record Prediction(String label, int classIndex, double[] probabilities) {

    public Prediction {
        probabilities = probabilities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** Probability of the predicted label. */
    public double confidence() {
        return probabilities[classIndex];
    }

    /** Class indices of {@code predictions}, in order: the form the metrics take. */
    public static int[] classIndices(List<Prediction> predictions) {
        return predictions.stream().mapToInt(Prediction::classIndex).toArray();
    }

    /** Probability rows of {@code predictions}, in order: the form log loss and calibration take. */
    public static double[][] probabilityRows(List<Prediction> predictions) {
        return predictions.stream().map(p -> p.probabilities).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && p.label.equals(label) && p.classIndex == classIndex
                && Arrays.equals(p.probabilities, probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * label.hashCode() + classIndex) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Prediction[" + label + ", p=" + String.format("%.4f", confidence()) + "]";
    }
}
