package io.lorastream.lora.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Accuracy, macro-F1 and per-class precision/recall/F1 of one set of predictions over a named
 * label set, with the confusion matrix they come from.
 */
public final class ClassificationReport {

    private final List<String> labels;
    private final ConfusionMatrix confusionMatrix;

    private ClassificationReport(List<String> labels, ConfusionMatrix confusionMatrix) {
        this.labels = labels;
        this.confusionMatrix = confusionMatrix;
    }

    /**
     * Builds the report from class indices into {@code labels}.
     *
     * @throws IllegalArgumentException when labels repeat, arrays differ in length or an index is
     *     not a valid class
     */
    public static ClassificationReport of(List<String> labels, int[] actual, int[] predicted) {
        List<String> copy = List.copyOf(labels);
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException("labels must be distinct, got " + copy);
        }
        return new ClassificationReport(copy, ConfusionMatrix.of(copy.size(), actual, predicted));
    }

    /** The label set, in class-index order. */
    public List<String> labels() {
        return labels;
    }

    public ConfusionMatrix confusionMatrix() {
        return confusionMatrix;
    }

    /** Number of items evaluated. */
    public long total() {
        return confusionMatrix.total();
    }

    public double accuracy() {
        return confusionMatrix.accuracy();
    }

    /** See {@link ConfusionMatrix#macroF1()}. */
    public double macroF1() {
        return confusionMatrix.macroF1();
    }

    /** Metrics of every class in the label set, in class-index order, including classes with no support. */
    public List<ClassMetrics> perClass() {
        List<ClassMetrics> result = new ArrayList<>(labels.size());
        for (int c = 0; c < labels.size(); c++) {
            result.add(forClass(c));
        }
        return List.copyOf(result);
    }

    /** Metrics of one class by name. */
    public ClassMetrics forLabel(String label) {
        int c = labels.indexOf(label);
        if (c < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not in the label set " + labels);
        }
        return forClass(c);
    }

    private ClassMetrics forClass(int c) {
        return new ClassMetrics(labels.get(c), confusionMatrix.precision(c), confusionMatrix.recall(c),
                confusionMatrix.f1(c), confusionMatrix.support(c));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s %9s %9s %9s %9s%n", "label", "precision", "recall", "f1", "support"));
        for (ClassMetrics m : perClass()) {
            sb.append(String.format("%-16s %9.4f %9.4f %9.4f %9d%n", m.label(), m.precision(), m.recall(), m.f1(),
                    m.support()));
        }
        sb.append(String.format("accuracy %.4f, macro-F1 %.4f over %d items", accuracy(), macroF1(), total()));
        return sb.toString();
    }
}
