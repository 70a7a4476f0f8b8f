package io.lorastream.lora.metrics;

/**
 * Mean negative log-likelihood of the true class (cross-entropy), computed as scikit-learn's
 * {@code log_loss}: probabilities are clipped to {@code [eps, 1 - eps]} with eps the float64
 * machine epsilon, so a confident wrong answer costs about 36 nats instead of infinity.
 */
public final class LogLoss {

    /** The clipping bound, {@code numpy.finfo(float64).eps}. */
    public static final double EPSILON = Math.ulp(1.0);

    private LogLoss() {
    }

    /**
     * Mean log loss over all items.
     *
     * @param actual true class of each item
     * @param probabilities per item, a distribution over the classes (rows must sum to 1)
     * @throws IllegalArgumentException on empty input, mismatched lengths, a bad class index or a
     *     row that is not a distribution
     */
    public static double of(int[] actual, double[][] probabilities) {
        MetricArguments.requireNonEmpty("actual", actual.length);
        MetricArguments.requireSameLength("actual", actual.length, "probabilities", probabilities.length);
        int numClasses = probabilities[0].length;
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            MetricArguments.requireDistribution(i, probabilities[i], numClasses);
            MetricArguments.requireClass("actual", i, actual[i], numClasses);
            double p = Math.min(Math.max(probabilities[i][actual[i]], EPSILON), 1.0 - EPSILON);
            sum -= Math.log(p);
        }
        return sum / actual.length;
    }
}
