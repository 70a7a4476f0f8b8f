package io.lorastream.lora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class McNemarTestTest {

    /** Expected values are exact: 2 · Σ_{k ≤ min} C(n, k) / 2^n, e.g. (1 + 10) · 2 / 1024. */
    @Test
    void exactPValuesMatchBinomialTest() {
        assertThat(McNemarTest.exactPValue(1, 9)).isCloseTo(22.0 / 1024, within(1e-15));
        assertThat(McNemarTest.exactPValue(9, 1)).isCloseTo(22.0 / 1024, within(1e-15));
        assertThat(McNemarTest.exactPValue(0, 5)).isCloseTo(2.0 / 32, within(1e-15));
        assertThat(McNemarTest.exactPValue(2, 8)).isCloseTo(112.0 / 1024, within(1e-15));
        // scipy.stats.binomtest(100, 250).pvalue
        assertThat(McNemarTest.exactPValue(100, 150)).isCloseTo(0.001883300935076157, within(1e-13));
    }

    @Test
    void largeCountsDoNotUnderflow() {
        // 0.5^3000 underflows a double; the log-space sum must not.
        assertThat(McNemarTest.exactPValue(1400, 1600)).isCloseTo(0.0002785639610392337, within(1e-12));
    }

    @Test
    void equalOrNoDiscordantPairsGiveOne() {
        assertThat(McNemarTest.exactPValue(3, 3)).isEqualTo(1.0);
        assertThat(McNemarTest.exactPValue(0, 0)).isEqualTo(1.0);
        assertThat(McNemarTest.exactPValue(4, 5)).isEqualTo(1.0);
    }

    @Test
    void countsTheFourCellsFromPredictions() {
        int[] actual = {0, 0, 1, 1, 1, 0};
        int[] first = {0, 0, 1, 0, 0, 1};
        int[] second = {0, 1, 0, 1, 0, 1};

        McNemarResult r = McNemarTest.compare(actual, first, second);

        assertThat(r.bothCorrect()).isEqualTo(1);
        assertThat(r.onlyFirstCorrect()).isEqualTo(2);
        assertThat(r.onlySecondCorrect()).isEqualTo(1);
        assertThat(r.bothWrong()).isEqualTo(2);
        assertThat(r.discordant()).isEqualTo(3);
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void identicalModelsAreNotSignificant() {
        boolean[] same = {true, false, true};
        McNemarResult r = McNemarTest.compare(same, same);

        assertThat(r.discordant()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.significantAt(0.05)).isFalse();
    }
}
