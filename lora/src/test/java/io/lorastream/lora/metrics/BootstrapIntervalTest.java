package io.lorastream.lora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapIntervalTest {

    @Test
    void sameSeedGivesSameInterval() {
        int[] actual = randomLabels(200, 1);
        int[] predicted = randomLabels(200, 2);
        ResampledMetric accuracy = ResampledMetric.accuracy(actual, predicted);

        ConfidenceInterval first = BootstrapInterval.withSeed(42).of(200, accuracy);
        ConfidenceInterval second = BootstrapInterval.withSeed(42).of(200, accuracy);
        ConfidenceInterval other = BootstrapInterval.withSeed(43).of(200, accuracy);

        assertThat(first).isEqualTo(second);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void accuracyIntervalIsCloseToTheNormalApproximation() {
        int n = 1000;
        int[] actual = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = i < 800 ? actual[i] : 1 - actual[i]; // accuracy exactly 0.8
        }

        ConfidenceInterval ci = BootstrapInterval.withSeed(7).of(n, ResampledMetric.accuracy(actual, predicted));

        assertThat(ci.estimate()).isEqualTo(0.8);
        assertThat(ci.level()).isEqualTo(0.95);
        // Wald: 0.8 ± 1.96 · sqrt(0.8 · 0.2 / 1000) = 0.8 ± 0.0248
        assertThat(ci.lower()).isCloseTo(0.8 - 0.0248, within(0.006));
        assertThat(ci.upper()).isCloseTo(0.8 + 0.0248, within(0.006));
    }

    @Test
    void differenceOfAModelWithItselfIsExactlyZero() {
        int[] actual = randomLabels(100, 3);
        int[] predicted = randomLabels(100, 4);
        ResampledMetric accuracy = ResampledMetric.accuracy(actual, predicted);

        ConfidenceInterval ci = BootstrapInterval.withSeed(1).ofDifference(100, accuracy, accuracy);

        assertThat(ci).isEqualTo(new ConfidenceInterval(0, 0, 0, 0.95));
    }

    @Test
    void pairedDifferenceOfAUniformlyBetterModelExcludesZero() {
        int n = 300;
        int[] actual = randomLabels(n, 5);
        int[] weaker = randomLabels(n, 6);
        int[] stronger = weaker.clone();
        for (int i = 0; i < n; i += 3) {
            stronger[i] = actual[i]; // never worse, right on a third more items where the weaker model was wrong
        }

        ConfidenceInterval ci = BootstrapInterval.withSeed(9).ofDifference(n,
                ResampledMetric.accuracy(actual, stronger), ResampledMetric.accuracy(actual, weaker));

        assertThat(ci.estimate()).isPositive();
        assertThat(ci.lower()).isPositive();
        assertThat(ci.contains(ci.estimate())).isTrue();
    }

    @Test
    void macroF1AndLogLossMetricsResampleTheSameItems() {
        int[] actual = {0, 1, 1, 0};
        int[] predicted = {0, 1, 0, 0};
        double[][] p = {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.7, 0.3}};

        assertThat(ResampledMetric.macroF1(2, actual, predicted).compute(new int[] {0, 1, 2, 3}))
                .isCloseTo(ConfusionMatrix.of(2, actual, predicted).macroF1(), within(1e-12));
        assertThat(ResampledMetric.logLoss(actual, p).compute(new int[] {1, 1}))
                .isCloseTo(-Math.log(0.8), within(1e-12));
    }

    @Test
    void quantileInterpolatesLinearlyLikeNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(BootstrapInterval.quantile(sorted, 0.25)).isCloseTo(1.75, within(1e-12));
        assertThat(BootstrapInterval.quantile(sorted, 0.0)).isEqualTo(1);
        assertThat(BootstrapInterval.quantile(sorted, 1.0)).isEqualTo(4);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new BootstrapInterval(0, 0.95, 1)).hasMessageContaining("resamples");
        assertThatThrownBy(() -> new BootstrapInterval(10, 1.0, 1)).hasMessageContaining("level");
        assertThatThrownBy(() -> BootstrapInterval.withSeed(1).of(0, i -> 0)).hasMessageContaining("items is empty");
    }

    private static int[] randomLabels(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
        }
        return labels;
    }
}
