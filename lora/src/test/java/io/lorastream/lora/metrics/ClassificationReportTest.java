package io.lorastream.lora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {

    private static final double TOLERANCE = 1e-12;

    /** scikit-learn's classification_report example: y_true [0,1,2,2,2], y_pred [0,0,2,2,1]. */
    @Test
    void matchesScikitLearnClassificationReportExample() {
        ClassificationReport report = ClassificationReport.of(List.of("class 0", "class 1", "class 2"),
                new int[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1});

        assertThat(report.accuracy()).isCloseTo(0.6, within(TOLERANCE));
        ClassMetrics c0 = report.forLabel("class 0");
        assertThat(c0.precision()).isCloseTo(0.5, within(TOLERANCE));
        assertThat(c0.recall()).isCloseTo(1.0, within(TOLERANCE));
        assertThat(c0.f1()).isCloseTo(2.0 / 3, within(TOLERANCE));
        assertThat(c0.support()).isEqualTo(1);
        assertThat(report.forLabel("class 1")).isEqualTo(new ClassMetrics("class 1", 0, 0, 0, 1));
        ClassMetrics c2 = report.forLabel("class 2");
        assertThat(c2.precision()).isCloseTo(1.0, within(TOLERANCE));
        assertThat(c2.recall()).isCloseTo(2.0 / 3, within(TOLERANCE));
        assertThat(c2.f1()).isCloseTo(0.8, within(TOLERANCE));
        assertThat(c2.support()).isEqualTo(3);
        // sklearn prints macro avg f1 0.49 = (2/3 + 0 + 0.8) / 3
        assertThat(report.macroF1()).isCloseTo((2.0 / 3 + 0.8) / 3, within(TOLERANCE));
        assertThat(report.toString()).contains("class 2").contains("accuracy 0.6000");
    }

    @Test
    void perClassListsClassesWithoutSupport() {
        ClassificationReport report = ClassificationReport.of(List.of("ham", "spam", "phish"),
                new int[] {0, 1}, new int[] {0, 1});

        assertThat(report.perClass()).extracting(ClassMetrics::label).containsExactly("ham", "spam", "phish");
        assertThat(report.forLabel("phish").support()).isZero();
    }

    @Test
    void unknownLabelIsNamedInTheError() {
        ClassificationReport report = ClassificationReport.of(List.of("ham", "spam"), new int[] {0}, new int[] {0});

        assertThatThrownBy(() -> report.forLabel("eggs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eggs'")
                .hasMessageContaining("[ham, spam]");
    }

    @Test
    void rejectsDuplicateLabels() {
        assertThatThrownBy(() -> ClassificationReport.of(List.of("ham", "ham"), new int[0], new int[0]))
                .hasMessageContaining("distinct");
    }
}
