package io.lorastream.lora.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabeledExampleTest {

    @Test
    void ofUsesWeightOne() {
        assertThat(LabeledExample.of("hi", "ham").weight()).isEqualTo(1.0);
    }

    @Test
    void rejectsNonPositiveOrNonFiniteWeightNamingTheField() {
        assertThatThrownBy(() -> new LabeledExample("x", "ham", 0)).hasMessageContaining("weight");
        assertThatThrownBy(() -> new LabeledExample("x", "ham", Double.NaN)).hasMessageContaining("weight");
        assertThatThrownBy(() -> new LabeledExample("x", "ham", Double.POSITIVE_INFINITY))
                .hasMessageContaining("weight");
    }

    @Test
    void rejectsBlankLabel() {
        assertThatThrownBy(() -> LabeledExample.of("x", " ")).hasMessageContaining("label");
    }
}
