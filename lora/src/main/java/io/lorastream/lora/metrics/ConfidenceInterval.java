package io.lorastream.lora.metrics;

/**
 * A point estimate with a two-sided confidence interval.
 *
 * @param estimate the statistic on the original sample
 * @param lower lower bound
 * @param upper upper bound
 * @param level confidence level, e.g. 0.95
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level) {

    /** True when {@code value} lies inside the closed interval. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /** {@code upper - lower}. */
    public double width() {
        return upper - lower;
    }
}
