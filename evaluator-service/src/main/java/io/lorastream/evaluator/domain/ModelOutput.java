package io.lorastream.evaluator.domain;

import io.lorastream.lora.infer.Prediction;
import java.util.Arrays;
import java.util.List;

/**
 * One model's answers on a list of items, in the task's label indices.
 *
 * @param predicted predicted class per item; {@code taskLabels.size()} stands for a label the task does not have
 * @param probabilities probability rows in the task's label order, or null when the model's labels are not
 *     exactly the task's or a row is not finite (then log loss and calibration are not reported)
 * @param finite per item, whether all its probabilities were finite numbers
 */
public record ModelOutput(int[] predicted, double[][] probabilities, boolean[] finite) {

    /** Maps predictions by label name onto the task's labels. */
    public static ModelOutput of(List<Prediction> predictions, List<String> modelLabels, List<String> taskLabels) {
        boolean sameLabels = modelLabels.equals(taskLabels);
        int n = predictions.size();
        int[] predicted = new int[n];
        double[][] probabilities = new double[n][];
        boolean[] finite = new boolean[n];
        boolean allFinite = true;
        for (int i = 0; i < n; i++) {
            Prediction p = predictions.get(i);
            int index = sameLabels ? p.classIndex() : taskLabels.indexOf(p.label());
            predicted[i] = index < 0 ? taskLabels.size() : index;
            probabilities[i] = p.probabilities();
            finite[i] = Arrays.stream(probabilities[i]).allMatch(Double::isFinite);
            allFinite &= finite[i];
        }
        return new ModelOutput(predicted, sameLabels && allFinite ? probabilities : null, finite);
    }

    /** The items {@code from} (inclusive) to {@code to} (exclusive). */
    public ModelOutput slice(int from, int to) {
        return new ModelOutput(Arrays.copyOfRange(predicted, from, to),
                probabilities == null ? null : Arrays.copyOfRange(probabilities, from, to),
                Arrays.copyOfRange(finite, from, to));
    }

    public int size() {
        return predicted.length;
    }

    /** Items whose probabilities were NaN or infinite. */
    public int nonFinite() {
        int count = 0;
        for (boolean f : finite) {
            if (!f) {
                count++;
            }
        }
        return count;
    }
}
