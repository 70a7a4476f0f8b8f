package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearWarmupDecayTest {

    @Test
    void warmsUpLinearlyThenDecaysLinearly() {
        LinearWarmupDecay schedule = new LinearWarmupDecay(1.0f, 4, 10);

        assertThat(schedule.getNewValue(1)).isCloseTo(0.25f, within(1e-6f));
        assertThat(schedule.getNewValue(2)).isCloseTo(0.5f, within(1e-6f));
        assertThat(schedule.getNewValue(4)).isCloseTo(1.0f, within(1e-6f));
        assertThat(schedule.getNewValue(5)).isCloseTo(1.0f, within(1e-6f));
        assertThat(schedule.getNewValue(7)).isCloseTo(4f / 6, within(1e-6f));
        assertThat(schedule.getNewValue(10)).isCloseTo(1f / 6, within(1e-6f));
        assertThat(schedule.getNewValue(11)).isZero();
    }

    @Test
    void withoutWarmupStartsAtPeak() {
        LinearWarmupDecay schedule = new LinearWarmupDecay(2e-4f, 0, 4);

        assertThat(schedule.getNewValue(1)).isEqualTo(2e-4f);
        assertThat(schedule.getNewValue(4)).isCloseTo(0.5e-4f, within(1e-9f));
    }

    @Test
    void rejectsWarmupLongerThanTheRun() {
        assertThatThrownBy(() -> new LinearWarmupDecay(1f, 11, 10)).hasMessageContaining("warmupSteps");
        assertThatThrownBy(() -> new LinearWarmupDecay(0f, 0, 10)).hasMessageContaining("learning rate");
    }
}
