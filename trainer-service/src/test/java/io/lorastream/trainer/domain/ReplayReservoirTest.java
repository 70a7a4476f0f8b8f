package io.lorastream.trainer.domain;

import static io.lorastream.trainer.domain.Examples.example;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplayReservoirTest {

    private static final List<String> LABELS = List.of("ham", "spam");

    private static List<Example> window(int from, int count, String label) {
        List<Example> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(example("spam", label + " text " + i, label));
        }
        return out;
    }

    @Test
    void eachLabelKeepsAnEqualShareOfTheCapacity() {
        ReplayReservoir reservoir = ReplayReservoir.empty(10)
                .add("v1", window(0, 50, "ham"), LABELS, 1)
                .add("v2", window(0, 3, "spam"), LABELS, 2);

        assertThat(reservoir.itemsByLabel().get("ham")).hasSize(5);
        assertThat(reservoir.itemsByLabel().get("spam")).hasSize(3);
        assertThat(reservoir.seenByLabel()).isEqualTo(Map.of("ham", 50L, "spam", 3L));
        assertThat(reservoir.appliedVersion()).isEqualTo("v2");
    }

    @Test
    void addingTheSameWindowTwiceChangesNothing() {
        ReplayReservoir once = ReplayReservoir.empty(10).add("v1", window(0, 20, "ham"), LABELS, 1);

        assertThat(once.add("v1", window(0, 20, "ham"), LABELS, 1)).isSameAs(once);
    }

    @Test
    void everyExampleEverSeenHasAnEqualChanceToStay() {
        // 200 windows of 10 hams into 5 ham slots: reservoir sampling keeps the early ones as often as the late.
        int[] keptFromFirstHalf = new int[1];
        int trials = 200;
        for (int trial = 0; trial < trials; trial++) {
            ReplayReservoir r = ReplayReservoir.empty(10);
            for (int w = 0; w < 20; w++) {
                r = r.add("v" + w, window(w * 10, 10, "ham"), LABELS, trial * 1000L + w);
            }
            for (Example kept : r.itemsByLabel().get("ham")) {
                int index = Integer.parseInt(kept.text().substring("ham text ".length()));
                if (index < 100) {
                    keptFromFirstHalf[0]++;
                }
            }
        }
        double share = keptFromFirstHalf[0] / (trials * 5.0);
        assertThat(share).as("share of kept examples from the first half of the stream").isBetween(0.42, 0.58);
    }

    @Test
    void theSampleIsBalancedReproducibleAndLeavesOutTheNewWindow() {
        ReplayReservoir reservoir = ReplayReservoir.empty(40)
                .add("v1", window(0, 30, "ham"), LABELS, 1)
                .add("v2", window(0, 30, "spam"), LABELS, 2);
        Set<String> exclude = reservoir.itemsByLabel().get("ham").stream().limit(3).map(Example::contentHash)
                .collect(Collectors.toSet());

        List<Example> sample = reservoir.sample(10, Set.copyOf(LABELS), exclude, 7);

        assertThat(sample).hasSize(10);
        assertThat(sample.stream().filter(e -> e.label().equals("ham")).count()).isEqualTo(5);
        assertThat(sample).noneMatch(e -> exclude.contains(e.contentHash()));
        assertThat(reservoir.sample(10, Set.copyOf(LABELS), exclude, 7)).isEqualTo(sample);
        assertThat(reservoir.sample(100, Set.copyOf(LABELS), Set.of(), 7)).hasSize(40);
        assertThat(reservoir.sample(10, Set.of("ham"), Set.of(), 7)).allMatch(e -> e.label().equals("ham"));
    }

    @Test
    void aLabelRemovedFromTheTaskLeavesTheReservoir() {
        ReplayReservoir reservoir = ReplayReservoir.empty(10).add("v1", window(0, 10, "spam"), LABELS, 1)
                .add("v2", window(0, 10, "ham"), List.of("ham", "eggs"), 2);

        assertThat(reservoir.itemsByLabel()).containsOnlyKeys("ham", "eggs");
    }

    @Test
    void itRoundTripsThroughJson() {
        ReplayReservoir reservoir = ReplayReservoir.empty(10).add("v1", window(0, 7, "ham"), LABELS, 1);

        assertThat(ContractJson.fromBytes(ContractJson.toBytes(reservoir), ReplayReservoir.class)).isEqualTo(reservoir);
    }
}
