package io.lorastream.lora.metrics;

/**
 * A metric evaluated on a multiset of item indices, which is what the bootstrap resamples. The
 * factories cover the metrics the evaluator reports; any other metric is a lambda away.
 */
@FunctionalInterface
public interface ResampledMetric {

    /** The metric's value on the items at {@code indices} (indices may repeat). */
    double compute(int[] indices);

    /** Accuracy of {@code predicted} against {@code actual}. */
    static ResampledMetric accuracy(int[] actual, int[] predicted) {
        MetricArguments.requireSameLength("actual", actual.length, "predicted", predicted.length);
        return indices -> {
            if (indices.length == 0) {
                return 0.0;
            }
            long correct = 0;
            for (int i : indices) {
                if (actual[i] == predicted[i]) {
                    correct++;
                }
            }
            return (double) correct / indices.length;
        };
    }

    /** Macro-F1 of {@code predicted} against {@code actual}, see {@link ConfusionMatrix#macroF1()}. */
    static ResampledMetric macroF1(int numClasses, int[] actual, int[] predicted) {
        ConfusionMatrix.of(numClasses, actual, predicted); // validates once, not on every resample
        return indices -> {
            int[] a = new int[indices.length];
            int[] p = new int[indices.length];
            for (int j = 0; j < indices.length; j++) {
                a[j] = actual[indices[j]];
                p[j] = predicted[indices[j]];
            }
            return ConfusionMatrix.of(numClasses, a, p).macroF1();
        };
    }

    /** Log loss of {@code probabilities} against {@code actual}, see {@link LogLoss}. */
    static ResampledMetric logLoss(int[] actual, double[][] probabilities) {
        LogLoss.of(actual, probabilities); // validates once
        return indices -> {
            int[] a = new int[indices.length];
            double[][] p = new double[indices.length][];
            for (int j = 0; j < indices.length; j++) {
                a[j] = actual[indices[j]];
                p[j] = probabilities[indices[j]];
            }
            return LogLoss.of(a, p);
        };
    }
}
