package io.lorastream.lora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final double TOLERANCE = 1e-12;

    /** scikit-learn's precision_recall_fscore_support example: macro P 0.222, R 0.333, F1 0.267. */
    @Test
    void matchesScikitLearnDocumentedExample() {
        int[] actual = {0, 1, 2, 0, 1, 2};
        int[] predicted = {0, 2, 1, 0, 0, 1};

        ConfusionMatrix m = ConfusionMatrix.of(3, actual, predicted);

        assertThat(m.counts()).isEqualTo(new long[][] {{2, 0, 0}, {1, 0, 1}, {0, 2, 0}});
        assertThat(m.total()).isEqualTo(6);
        assertThat(m.accuracy()).isCloseTo(2.0 / 6, within(TOLERANCE));
        assertThat(m.precision(0)).isCloseTo(2.0 / 3, within(TOLERANCE));
        assertThat(m.recall(0)).isCloseTo(1.0, within(TOLERANCE));
        assertThat(m.f1(0)).isCloseTo(0.8, within(TOLERANCE));
        assertThat(m.f1(1)).isZero();
        assertThat(m.f1(2)).isZero();
        assertThat(m.macroF1()).isCloseTo(0.8 / 3, within(TOLERANCE));
    }

    @Test
    void classNeverPredictedHasZeroPrecisionNotNaN() {
        ConfusionMatrix m = ConfusionMatrix.of(2, new int[] {0, 1, 1}, new int[] {0, 0, 0});

        assertThat(m.precision(1)).isZero();
        assertThat(m.recall(1)).isZero();
        assertThat(m.f1(1)).isZero();
        assertThat(m.f1(0)).isCloseTo(2.0 * 1 / (1 + 3), within(TOLERANCE));
        assertThat(m.macroF1()).isCloseTo(0.25, within(TOLERANCE));
    }

    @Test
    void macroF1IgnoresClassAbsentFromBothActualAndPredicted() {
        // Class 2 neither occurs nor is predicted: sklearn's default label inference leaves it out.
        ConfusionMatrix m = ConfusionMatrix.of(3, new int[] {0, 1}, new int[] {0, 1});

        assertThat(m.isPresent(2)).isFalse();
        assertThat(m.support(2)).isZero();
        assertThat(m.macroF1()).isEqualTo(1.0);
    }

    @Test
    void macroF1CountsClassPredictedButWithoutSupport() {
        ConfusionMatrix m = ConfusionMatrix.of(2, new int[] {0, 0}, new int[] {0, 1});

        assertThat(m.isPresent(1)).isTrue();
        // class 0: P 1, R 0.5, F1 2/3; class 1: F1 0.
        assertThat(m.macroF1()).isCloseTo((2.0 / 3) / 2, within(TOLERANCE));
    }

    @Test
    void emptyMatrixHasZeroAccuracy() {
        ConfusionMatrix m = ConfusionMatrix.of(2, new int[0], new int[0]);

        assertThat(m.accuracy()).isZero();
        assertThat(m.macroF1()).isZero();
    }

    @Test
    void rejectsClassIndexOutOfRangeNamingTheItem() {
        assertThatThrownBy(() -> ConfusionMatrix.of(2, new int[] {0, 2}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actual[1] = 2")
                .hasMessageContaining("[0, 2)");
    }

    @Test
    void rejectsArraysOfDifferentLength() {
        assertThatThrownBy(() -> ConfusionMatrix.of(2, new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actual has 2 items but predicted has 1");
    }
}
