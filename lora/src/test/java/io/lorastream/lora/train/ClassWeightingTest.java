package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassWeightingTest {

    private final LabelSet labels = new LabelSet(List.of("ham", "spam", "phish"));

    @Test
    void balancedIsSampleCountOverClassesTimesClassCount() {
        // 6 examples, 3 classes: ham ×4 → 6/(3·4) = 0.5, spam ×2 → 1, phish ×0 → 1 (no loss anyway)
        double[] w = ClassWeighting.balanced().weights(labels, new int[] {0, 0, 0, 0, 1, 1});
        assertThat(w).containsExactly(new double[] {0.5, 1.0, 1.0}, within(1e-12));
    }

    @Test
    void explicitWeightsDefaultToOneAndNameUnknownLabels() {
        assertThat(ClassWeighting.of(Map.of("spam", 3.0)).weights(labels, new int[] {0}))
                .containsExactly(1.0, 3.0, 1.0);
        assertThatThrownBy(() -> ClassWeighting.of(Map.of("eggs", 2.0)).weights(labels, new int[] {0}))
                .hasMessageContaining("label 'eggs' of the class weights is not in the label set");
        assertThatThrownBy(() -> ClassWeighting.of(Map.of("spam", -1.0))).hasMessageContaining("'spam'");
    }

    @Test
    void noneWeighsEveryClassOne() {
        assertThat(ClassWeighting.none().weights(labels, new int[] {1, 1})).containsExactly(1.0, 1.0, 1.0);
    }
}
