package io.lorastream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationSetsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static EvalItem item(int i, String label, Instant at) {
        return new EvalItem("text " + i, label, "hash-" + i, at);
    }

    @Test
    void theWindowKeepsTheMostRecentItemsAndOlderOnesMoveToRetention() {
        EvaluationSets sets = new EvaluationSets(new SetLimits(3, 10, Duration.ofDays(1)));
        for (int i = 0; i < 5; i++) {
            sets.add("t", item(i, "a", T0.plusSeconds(i)));
        }
        EvaluationSnapshot snapshot = sets.snapshot("t");
        assertThat(snapshot.window()).extracting(EvalItem::text).containsExactly("text 2", "text 3", "text 4");
        assertThat(snapshot.retention()).extracting(EvalItem::text).containsExactlyInAnyOrder("text 0", "text 1");
    }

    @Test
    void aDuplicateContentHashIsIgnored() {
        EvaluationSets sets = new EvaluationSets(new SetLimits(3, 10, Duration.ofDays(1)));
        assertThat(sets.add("t", item(1, "a", T0))).isTrue();
        assertThat(sets.add("t", new EvalItem("other text", "a", "hash-1", T0))).isFalse();
        assertThat(sets.windowSize("t")).isEqualTo(1);
    }

    @Test
    void retentionGivesARareClassItsShareInsteadOfDroppingItToFrequency() {
        RetentionSample sample = new RetentionSample(100, Duration.ofDays(1));
        for (int i = 0; i < 1000; i++) {
            sample.add(item(i, i % 50 == 0 ? "rare" : "common", T0.plusSeconds(i)));
        }
        Map<String, Integer> counts = EvaluationSets.labelCounts(sample.items());
        assertThat(sample.size()).isEqualTo(100);
        assertThat(counts).containsEntry("rare", 20).containsEntry("common", 80);
    }

    @Test
    void retentionKeepsEveryTimeSliceRepresented() {
        RetentionSample sample = new RetentionSample(40, Duration.ofDays(1));
        // 10 days, 100 items a day: the sample must not be all last days' items.
        for (int day = 0; day < 10; day++) {
            for (int i = 0; i < 100; i++) {
                sample.add(item(day * 1000 + i, "a", T0.plus(Duration.ofDays(day)).plusSeconds(i)));
            }
        }
        long[] perDay = new long[10];
        sample.items().forEach(it -> perDay[(int) Duration.between(T0, it.at()).toDays()]++);
        assertThat(perDay).containsOnly(4);
    }

    @Test
    void theSampleDoesNotDependOnArrivalOrder() {
        List<EvalItem> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add(item(i, i % 3 == 0 ? "x" : "y", T0));
        }
        RetentionSample inOrder = new RetentionSample(60, Duration.ofDays(1));
        items.forEach(inOrder::add);
        List<EvalItem> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(3));
        RetentionSample outOfOrder = new RetentionSample(60, Duration.ofDays(1));
        shuffled.forEach(outOfOrder::add);
        assertThat(outOfOrder.items()).containsExactlyElementsOf(inOrder.items());
    }

    @Test
    void restoringASnapshotGivesTheSameSetsAndTheSameFuture() {
        SetLimits limits = new SetLimits(50, 40, Duration.ofHours(1));
        EvaluationSets original = new EvaluationSets(limits);
        for (int i = 0; i < 300; i++) {
            original.add("t", item(i, "l" + (i % 4), T0.plusSeconds(60L * i)));
        }
        EvaluationSnapshot saved = original.snapshot("t");
        EvaluationSets restored = new EvaluationSets(limits);
        restored.restore("t", saved.window(), saved.retention());
        assertThat(restored.snapshot("t")).isEqualTo(saved);

        for (int i = 300; i < 400; i++) {
            original.add("t", item(i, "l" + (i % 4), T0.plusSeconds(60L * i)));
            restored.add("t", item(i, "l" + (i % 4), T0.plusSeconds(60L * i)));
        }
        assertThat(restored.snapshot("t")).isEqualTo(original.snapshot("t"));
    }
}
