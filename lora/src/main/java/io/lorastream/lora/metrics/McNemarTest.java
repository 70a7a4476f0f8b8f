package io.lorastream.lora.metrics;

/**
 * McNemar's exact test: do two models scored on the same items differ in accuracy? Under the null
 * hypothesis each discordant item is equally likely to favour either model, so the count favouring
 * the first is Binomial(b + c, 1/2); the p-value is the exact two-sided binomial test, the same
 * number as {@code scipy.stats.binomtest(b, b + c, 0.5).pvalue}.
 */
public final class McNemarTest {

    private McNemarTest() {
    }

    /**
     * Compares two models from per-item correctness.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static McNemarResult compare(boolean[] firstCorrect, boolean[] secondCorrect) {
        MetricArguments.requireSameLength("firstCorrect", firstCorrect.length, "secondCorrect", secondCorrect.length);
        long both = 0;
        long onlyFirst = 0;
        long onlySecond = 0;
        long neither = 0;
        for (int i = 0; i < firstCorrect.length; i++) {
            if (firstCorrect[i] && secondCorrect[i]) {
                both++;
            } else if (firstCorrect[i]) {
                onlyFirst++;
            } else if (secondCorrect[i]) {
                onlySecond++;
            } else {
                neither++;
            }
        }
        return new McNemarResult(both, onlyFirst, onlySecond, neither, exactPValue(onlyFirst, onlySecond));
    }

    /**
     * Compares two models from their predicted class indices against the true ones.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static McNemarResult compare(int[] actual, int[] firstPredicted, int[] secondPredicted) {
        MetricArguments.requireSameLength("actual", actual.length, "firstPredicted", firstPredicted.length);
        MetricArguments.requireSameLength("actual", actual.length, "secondPredicted", secondPredicted.length);
        boolean[] first = new boolean[actual.length];
        boolean[] second = new boolean[actual.length];
        for (int i = 0; i < actual.length; i++) {
            first[i] = firstPredicted[i] == actual[i];
            second[i] = secondPredicted[i] == actual[i];
        }
        return compare(first, second);
    }

    /**
     * Exact two-sided p-value for {@code b} and {@code c} discordant items: {@code min(1, 2 P(X <= min(b, c)))}
     * with X ~ Binomial(b + c, 1/2). Because that distribution is symmetric this equals summing every
     * outcome no more likely than the observed one, which is how scipy defines it. With no discordant
     * items there is no evidence of a difference: p = 1.
     */
    public static double exactPValue(long b, long c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must be non-negative, got b=" + b + ", c=" + c);
        }
        long n = b + c;
        long k = Math.min(b, c);
        if (n == 0 || 2 * k >= n) {
            return 1.0;
        }
        // Sum the lower tail in log space: 0.5^n underflows a double beyond n = 1074.
        double logPmf = -n * Math.log(2.0);
        double maxLog = logPmf;
        double[] logTerms = new double[(int) k + 1];
        logTerms[0] = logPmf;
        for (long i = 0; i < k; i++) {
            logPmf += Math.log((double) (n - i) / (i + 1));
            logTerms[(int) i + 1] = logPmf;
            maxLog = Math.max(maxLog, logPmf);
        }
        double scaled = 0;
        for (double t : logTerms) {
            scaled += Math.exp(t - maxLog);
        }
        double tail = Math.exp(maxLog + Math.log(scaled));
        return Math.min(1.0, 2.0 * tail);
    }
}
