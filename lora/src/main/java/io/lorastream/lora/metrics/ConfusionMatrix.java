package io.lorastream.lora.metrics;

import java.util.Arrays;

/**
 * Counts of (actual class, predicted class) pairs over a fixed number of classes, and the
 * per-class precision, recall and F1 derived from them.
 *
 * <p>Ratios whose denominator is zero (a class never predicted, a class with no support) are 0,
 * as scikit-learn reports them with its default {@code zero_division}.
 */
public final class ConfusionMatrix {

    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    /**
     * Builds the matrix from parallel arrays of class indices.
     *
     * @param numClasses number of classes; every index must lie in {@code [0, numClasses)}
     * @param actual the true class of each item
     * @param predicted the predicted class of each item
     * @throws IllegalArgumentException when the arrays differ in length or an index is out of range
     */
    public static ConfusionMatrix of(int numClasses, int[] actual, int[] predicted) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, was " + numClasses);
        }
        MetricArguments.requireSameLength("actual", actual.length, "predicted", predicted.length);
        long[][] counts = new long[numClasses][numClasses];
        for (int i = 0; i < actual.length; i++) {
            MetricArguments.requireClass("actual", i, actual[i], numClasses);
            MetricArguments.requireClass("predicted", i, predicted[i], numClasses);
            counts[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    /** Number of classes (rows and columns). */
    public int numClasses() {
        return counts.length;
    }

    /** Items whose true class is {@code actual} and predicted class is {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** A copy of the counts, rows = actual class, columns = predicted class. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of items counted. */
    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    /** Items whose true class is {@code c}. */
    public long support(int c) {
        long sum = 0;
        for (long v : counts[c]) {
            sum += v;
        }
        return sum;
    }

    /** Items predicted as class {@code c}. */
    public long predictedCount(int c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /** Items predicted correctly. */
    public long correct() {
        long sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += counts[c][c];
        }
        return sum;
    }

    /** Fraction of items predicted correctly; 0 when the matrix is empty. */
    public double accuracy() {
        long total = total();
        return total == 0 ? 0.0 : (double) correct() / total;
    }

    /** TP / (TP + FP) for class {@code c}; 0 when {@code c} is never predicted. */
    public double precision(int c) {
        return ratio(counts[c][c], predictedCount(c));
    }

    /** TP / (TP + FN) for class {@code c}; 0 when {@code c} has no support. */
    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /** Harmonic mean of precision and recall for class {@code c}; 0 when both are 0. */
    public double f1(int c) {
        // 2TP / (2TP + FP + FN) equals the harmonic mean and needs no special case for P = 0 or R = 0.
        long tp = counts[c][c];
        long denominator = support(c) + predictedCount(c);
        return ratio(2 * tp, denominator);
    }

    /**
     * Unweighted mean of the per-class F1 over the classes that occur among the actual or the
     * predicted labels, as scikit-learn's {@code f1_score(average="macro")} does when no label
     * list is given: a class absent from both sides says nothing about this evaluation.
     */
    public double macroF1() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < counts.length; c++) {
            if (isPresent(c)) {
                sum += f1(c);
                present++;
            }
        }
        return present == 0 ? 0.0 : sum / present;
    }

    /** True when class {@code c} occurs among the actual or the predicted labels. */
    public boolean isPresent(int c) {
        return support(c) > 0 || predictedCount(c) > 0;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && Arrays.deepEquals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.deepToString(counts);
    }
}
