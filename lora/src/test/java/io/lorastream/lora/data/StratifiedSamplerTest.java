package io.lorastream.lora.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedSamplerTest {

    /** 70 "a" and 30 "b" items, named by label and number. */
    private static List<String> population() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add((i % 10 < 7 ? "a" : "b") + "-" + i);
        }
        return items;
    }

    private static String label(String item) {
        return item.substring(0, 1);
    }

    @Test
    void keepsLabelProportions() {
        List<String> sample = StratifiedSampler.sample(population(), StratifiedSamplerTest::label, 20, 1);

        assertThat(sample).hasSize(20);
        assertThat(sample.stream().filter(s -> s.startsWith("a")).count()).isEqualTo(14);
        assertThat(new HashSet<>(sample)).hasSize(20);
    }

    @Test
    void sameSeedSameSampleOtherSeedOtherSample() {
        List<String> first = StratifiedSampler.sample(population(), StratifiedSamplerTest::label, 10, 5);
        List<String> again = StratifiedSampler.sample(population(), StratifiedSamplerTest::label, 10, 5);
        List<String> other = StratifiedSampler.sample(population(), StratifiedSamplerTest::label, 10, 6);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void splitsAreDisjointAndEachStratified() {
        List<List<String>> parts = StratifiedSampler.split(population(), StratifiedSamplerTest::label,
                new int[] {50, 30}, 3);

        Set<String> train = new HashSet<>(parts.get(0));
        assertThat(train).hasSize(50).doesNotContainAnyElementsOf(parts.get(1));
        assertThat(parts.get(0).stream().filter(s -> s.startsWith("b")).count()).isEqualTo(15);
        assertThat(parts.get(1).stream().filter(s -> s.startsWith("b")).count()).isEqualTo(9);
    }

    @Test
    void splittingAWholePopulationNeverAsksALabelForMoreThanItHas() {
        // 95 ham + 25 spam into 108 + 12: rounded independently, ham's 85.5 and 9.5 both round up to
        // 86 + 10 = 96 > 95. A trainer's train/validation split of a window plus replay hit exactly this.
        List<String> population = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            population.add((i < 95 ? "ham-" : "spam-") + i);
        }

        List<List<String>> parts = StratifiedSampler.split(population, s -> s.substring(0, s.indexOf('-')),
                new int[] {108, 12}, 1);

        assertThat(parts.get(0)).hasSize(108);
        assertThat(parts.get(1)).hasSize(12);
        Set<String> all = new HashSet<>(parts.get(0));
        all.addAll(parts.get(1));
        assertThat(all).hasSize(120);
        assertThat(parts.get(1).stream().filter(s -> s.startsWith("ham")).count()).isBetween(9L, 10L);
    }

    @Test
    void roundsByLargestRemainder() {
        // 7 items: 70% of 7 = 4.9 → 5 "a", 30% = 2.1 → 2 "b"
        List<String> sample = StratifiedSampler.sample(population(), StratifiedSamplerTest::label, 7, 2);
        assertThat(sample.stream().filter(s -> s.startsWith("a")).count()).isEqualTo(5);
    }

    @Test
    void refusesMoreThanThePopulation() {
        assertThatThrownBy(() -> StratifiedSampler.sample(population(), StratifiedSamplerTest::label, 101, 1))
                .hasMessageContaining("101 items requested from a population of 100");
    }
}
