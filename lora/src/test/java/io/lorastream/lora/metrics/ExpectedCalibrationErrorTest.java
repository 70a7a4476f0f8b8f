package io.lorastream.lora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExpectedCalibrationErrorTest {

    @Test
    void handComputedTwoBinExample() {
        int[] actual = {0, 1, 1, 1};
        double[][] p = {
            {0.9, 0.1}, // conf 0.9, right, bin (0.5, 1]
            {0.8, 0.2}, // conf 0.8, wrong, bin (0.5, 1]
            {0.4, 0.6}, // conf 0.6, right, bin (0.5, 1]
            {0.5, 0.5}, // tie → class 0, conf 0.5, wrong, bin (0, 0.5]
        };
        // high bin: 3/4 · |2/3 − 2.3/3| = 0.075; low bin: 1/4 · |0 − 0.5| = 0.125
        assertThat(ExpectedCalibrationError.of(actual, p, 2)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void perfectlyConfidentAndRightIsZero() {
        assertThat(ExpectedCalibrationError.of(new int[] {0, 1}, new double[][] {{1, 0}, {0, 1}})).isZero();
    }

    @Test
    void binsAreRightClosed() {
        assertThat(ExpectedCalibrationError.binOf(0.5, 2)).isZero();
        assertThat(ExpectedCalibrationError.binOf(0.5000001, 2)).isEqualTo(1);
        assertThat(ExpectedCalibrationError.binOf(1.0, 10)).isEqualTo(9);
        assertThat(ExpectedCalibrationError.binOf(0.0, 10)).isZero();
    }
}
