package io.lorastream.lora.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals for a metric, and for the difference of two models'
 * metrics on the same items (paired: both models are scored on the same resample, so item
 * difficulty cancels out). Seeded, so the same inputs always give the same interval.
 */
public final class BootstrapInterval {

    /** Enough resamples for stable 95% percentile bounds at the second decimal. */
    public static final int DEFAULT_RESAMPLES = 2000;
    public static final double DEFAULT_LEVEL = 0.95;

    private final int resamples;
    private final double level;
    private final long seed;

    /**
     * @param resamples number of bootstrap resamples, at least 1
     * @param level confidence level in (0, 1)
     * @param seed seed of the resampling
     */
    public BootstrapInterval(int resamples, double level, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, was " + resamples);
        }
        if (!(level > 0.0 && level < 1.0)) {
            throw new IllegalArgumentException("level must lie in (0, 1), was " + level);
        }
        this.resamples = resamples;
        this.level = level;
        this.seed = seed;
    }

    /** {@link #DEFAULT_RESAMPLES} resamples at the {@link #DEFAULT_LEVEL} level. */
    public static BootstrapInterval withSeed(long seed) {
        return new BootstrapInterval(DEFAULT_RESAMPLES, DEFAULT_LEVEL, seed);
    }

    /**
     * Interval for {@code metric} over {@code itemCount} items.
     *
     * @throws IllegalArgumentException when there are no items
     */
    public ConfidenceInterval of(int itemCount, ResampledMetric metric) {
        return interval(itemCount, metric::compute);
    }

    /**
     * Interval for {@code first − second}, both metrics computed on the same resampled items.
     *
     * @throws IllegalArgumentException when there are no items
     */
    public ConfidenceInterval ofDifference(int itemCount, ResampledMetric first, ResampledMetric second) {
        return interval(itemCount, indices -> first.compute(indices) - second.compute(indices));
    }

    private ConfidenceInterval interval(int itemCount, ResampledMetric statistic) {
        MetricArguments.requireNonEmpty("items", itemCount);
        int[] all = new int[itemCount];
        Arrays.setAll(all, i -> i);
        double estimate = statistic.compute(all);

        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int[] indices = new int[itemCount];
        for (int r = 0; r < resamples; r++) {
            for (int j = 0; j < itemCount; j++) {
                indices[j] = random.nextInt(itemCount);
            }
            values[r] = statistic.compute(indices);
        }
        Arrays.sort(values);
        double alpha = 1.0 - level;
        return new ConfidenceInterval(estimate, quantile(values, alpha / 2), quantile(values, 1.0 - alpha / 2), level);
    }

    /** Linear interpolation between order statistics, numpy's default percentile method. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
