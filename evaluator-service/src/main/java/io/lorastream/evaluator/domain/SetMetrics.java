package io.lorastream.evaluator.domain;

import io.lorastream.lora.metrics.ConfusionMatrix;
import io.lorastream.lora.metrics.ExpectedCalibrationError;
import io.lorastream.lora.metrics.LogLoss;
import java.util.List;
import java.util.Map;

/**
 * One model's metrics on one set. The confusion matrix has one column more than the task has labels,
 * for answers naming a label the task does not have (a champion from before a label change); it is
 * empty, and changes nothing, otherwise.
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
            case "macro_f1" -> matrix.macroF1();
            case "accuracy" -> matrix.accuracy();
            default -> throw new IllegalArgumentException("unknown gate metric '" + name + "'");
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
        metrics.put(set + ".macro_f1", matrix.macroF1());
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
