package io.lorastream.lora.metrics;

/**
 * Expected calibration error of the top-class confidence: items are binned by their highest
 * probability into equal-width bins {@code (k/B, (k+1)/B]}, and ECE is the support-weighted mean
 * of |accuracy − mean confidence| over the non-empty bins (Guo et al., 2017).
 */
public final class ExpectedCalibrationError {

    /** The bin count most papers report with. */
    public static final int DEFAULT_BINS = 15;

    private ExpectedCalibrationError() {
    }

    /** ECE with {@link #DEFAULT_BINS} bins. */
    public static double of(int[] actual, double[][] probabilities) {
        return of(actual, probabilities, DEFAULT_BINS);
    }

    /**
     * ECE with {@code bins} equal-width confidence bins. The predicted class is the arg-max
     * (first one on ties).
     *
     * @throws IllegalArgumentException on empty input, mismatched lengths, a bad class index, a row
     *     that is not a distribution, or fewer than one bin
     */
    public static double of(int[] actual, double[][] probabilities, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, was " + bins);
        }
        MetricArguments.requireNonEmpty("actual", actual.length);
        MetricArguments.requireSameLength("actual", actual.length, "probabilities", probabilities.length);
        int numClasses = probabilities[0].length;
        long[] count = new long[bins];
        long[] correct = new long[bins];
        double[] confidenceSum = new double[bins];
        for (int i = 0; i < actual.length; i++) {
            double[] row = probabilities[i];
            MetricArguments.requireDistribution(i, row, numClasses);
            MetricArguments.requireClass("actual", i, actual[i], numClasses);
            int predicted = ArgMax.of(row);
            double confidence = row[predicted];
            int bin = binOf(confidence, bins);
            count[bin]++;
            confidenceSum[bin] += confidence;
            if (predicted == actual[i]) {
                correct[bin]++;
            }
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                double accuracy = (double) correct[b] / count[b];
                double meanConfidence = confidenceSum[b] / count[b];
                ece += (double) count[b] / actual.length * Math.abs(accuracy - meanConfidence);
            }
        }
        return ece;
    }

    /** Bins are right-closed, so a confidence of exactly k/B falls into bin k−1 and 0 into bin 0. */
    static int binOf(double confidence, int bins) {
        int bin = (int) Math.ceil(confidence * bins) - 1;
        return Math.min(Math.max(bin, 0), bins - 1);
    }
}
