package io.lorastream.evaluator.domain;

import io.lorastream.lora.metrics.ConfusionMatrix;
import io.lorastream.lora.metrics.ExpectedCalibrationError;
import io.lorastream.lora.metrics.LogLoss;
import io.lorastream.lora.metrics.ResampledMetric;
import java.util.List;
import java.util.Map;

/**
 * One model's metrics on one set. The confusion matrix has one column more than the task has labels,
 * for answers naming a label the task does not have (a champion from before a label change); it is
 * empty, and changes nothing, otherwise.
 *
 * <p>Macro-F1 averages over the classes that occur in the set's true labels ({@link #macroF1}), not, as
 * scikit-learn does without a label list, over the classes that occur on either side: a held-out window often
 * lacks a class (it has gone quiet lately), and there a single stray answer naming it would add an F1 of 0 and
 * cost a third of a three-class score, although that error already lowers the recall of the true class.
 */
final class SetMetrics {

    private final List<String> labels;
    private final ConfusionMatrix matrix;
    private final Double logLoss;
    private final Double ece;

    private SetMetrics(List<String> labels, ConfusionMatrix matrix, Double logLoss, Double ece) {
        this.labels = labels;
        this.matrix = matrix;
        this.logLoss = logLoss;
        this.ece = ece;
    }

    static SetMetrics of(List<String> labels, int[] actual, ModelOutput output) {
        ConfusionMatrix matrix = ConfusionMatrix.of(labels.size() + 1, actual, output.predicted());
        Double logLoss = null;
        Double ece = null;
        if (output.probabilities() != null && actual.length > 0) {
            logLoss = LogLoss.of(actual, output.probabilities());
            ece = ExpectedCalibrationError.of(actual, output.probabilities());
        }
        return new SetMetrics(labels, matrix, logLoss, ece);
    }

    /** {@code macro_f1} or {@code accuracy}. */
    double metric(String name) {
        return switch (name) {
            case "macro_f1" -> macroF1(matrix);
            case "accuracy" -> matrix.accuracy();
            default -> throw new IllegalArgumentException("unknown gate metric '" + name + "'");
        };
    }

    /** Mean F1 over the classes with support in the set; 0 for an empty set. */
    static double macroF1(ConfusionMatrix matrix) {
        double sum = 0;
        int supported = 0;
        for (int c = 0; c < matrix.numClasses(); c++) {
            if (matrix.support(c) > 0) {
                sum += matrix.f1(c);
                supported++;
            }
        }
        return supported == 0 ? 0.0 : sum / supported;
    }

    /** {@link #macroF1} of the items at {@code indices} (which may repeat): what the bootstrap resamples. */
    static ResampledMetric resampledMacroF1(int numClasses, int[] actual, int[] predicted) {
        return indices -> {
            int[] a = new int[indices.length];
            int[] p = new int[indices.length];
            for (int j = 0; j < indices.length; j++) {
                a[j] = actual[indices[j]];
                p[j] = predicted[indices[j]];
            }
            return macroF1(ConfusionMatrix.of(numClasses, a, p));
        };
    }

    double recall(int c) {
        return matrix.recall(c);
    }

    long support(int c) {
        return matrix.support(c);
    }

    /** Items predicted as class {@code c} (index {@code labels.size()}: a label the task does not have). */
    long predictedCount(int c) {
        return matrix.predictedCount(c);
    }

    long total() {
        return matrix.total();
    }

    /** {@code <set>.macro_f1}, {@code .accuracy}, {@code .log_loss}, {@code .ece}, {@code .recall.<label>}. */
    void putInto(Map<String, Double> metrics, String set) {
        if (matrix.total() == 0) {
            return;
        }
        metrics.put(set + ".macro_f1", macroF1(matrix));
        metrics.put(set + ".accuracy", matrix.accuracy());
        if (logLoss != null && Double.isFinite(logLoss)) {
            metrics.put(set + ".log_loss", logLoss);
        }
        if (ece != null && Double.isFinite(ece)) {
            metrics.put(set + ".ece", ece);
        }
        for (int c = 0; c < labels.size(); c++) {
            if (matrix.support(c) > 0) {
                metrics.put(set + ".recall." + labels.get(c), matrix.recall(c));
            }
        }
    }
}
