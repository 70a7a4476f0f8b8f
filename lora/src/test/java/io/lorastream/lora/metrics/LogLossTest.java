package io.lorastream.lora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogLossTest {

    /** scikit-learn's log_loss example: ["spam","ham","ham","spam"] → 0.21616... */
    @Test
    void matchesScikitLearnDocumentedExample() {
        // classes sorted as sklearn does: ham = 0, spam = 1
        int[] actual = {1, 0, 0, 1};
        double[][] p = {{.1, .9}, {.9, .1}, {.8, .2}, {.35, .65}};

        double expected = -(Math.log(.9) + Math.log(.9) + Math.log(.8) + Math.log(.65)) / 4;
        assertThat(expected).isCloseTo(0.21616187468057912, within(1e-15));
        assertThat(LogLoss.of(actual, p)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void zeroProbabilityOnTrueClassIsClippedToMachineEpsilon() {
        double loss = LogLoss.of(new int[] {0}, new double[][] {{0.0, 1.0}});

        assertThat(loss).isFinite().isCloseTo(-Math.log(2.220446049250313e-16), within(1e-12));
        assertThat(loss).isCloseTo(36.04365338911715, within(1e-12));
    }

    @Test
    void certainCorrectAnswerCostsAlmostNothing() {
        assertThat(LogLoss.of(new int[] {1}, new double[][] {{0.0, 1.0}})).isBetween(0.0, 1e-15);
    }

    @Test
    void rejectsRowThatIsNotADistribution() {
        assertThatThrownBy(() -> LogLoss.of(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {0.9, 0.9}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probabilities[1] sums to 1.8");
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> LogLoss.of(new int[0], new double[0][])).hasMessageContaining("actual is empty");
    }
}
