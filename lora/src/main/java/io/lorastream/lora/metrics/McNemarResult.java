package io.lorastream.lora.metrics;

/**
 * Outcome of McNemar's exact test for two models scored on the same items.
 *
 * @param bothCorrect items both models got right
 * @param onlyFirstCorrect items only the first model got right
 * @param onlySecondCorrect items only the second model got right
 * @param bothWrong items both models got wrong
 * @param pValue two-sided exact binomial p-value on the discordant pairs; 1 when there are none
 */
public record McNemarResult(long bothCorrect, long onlyFirstCorrect, long onlySecondCorrect, long bothWrong,
        double pValue) {

    /** Items on which the models disagree about correctness: the only ones the test looks at. */
    public long discordant() {
        return onlyFirstCorrect + onlySecondCorrect;
    }

    /** True when the p-value is below {@code alpha}. */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }
}
