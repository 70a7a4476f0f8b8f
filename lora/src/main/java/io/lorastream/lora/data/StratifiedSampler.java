package io.lorastream.lora.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Deterministic stratified sampling: draws disjoint samples whose label proportions match the
 * population's, the same items for the same seed and input order on every JVM.
 */
public final class StratifiedSampler {

    private StratifiedSampler() {
    }

    /**
     * A sample of {@code size} items with the population's label proportions.
     *
     * @throws IllegalArgumentException when {@code size} exceeds the population
     */
    public static <T> List<T> sample(List<T> population, Function<T, String> labelOf, int size, long seed) {
        return split(population, labelOf, new int[] {size}, seed).get(0);
    }

    /**
     * Disjoint samples of the given sizes (e.g. train and held-out), each with the population's label
     * proportions. Each sample comes back shuffled so that labels are interleaved.
     *
     * @throws IllegalArgumentException when the samples together need more items of some label than
     *     the population has
     */
    public static <T> List<List<T>> split(List<T> population, Function<T, String> labelOf, int[] sizes, long seed) {
        int total = 0;
        for (int size : sizes) {
            if (size < 0) {
                throw new IllegalArgumentException("sample sizes must be non-negative, got " + size);
            }
            total += size;
        }
        if (total > population.size()) {
            throw new IllegalArgumentException("samples of " + total + " items requested from a population of "
                    + population.size());
        }
        // Sorted by label so the allocation and the draw do not depend on hash order.
        Map<String, List<T>> byLabel = new TreeMap<>();
        for (T item : population) {
            byLabel.computeIfAbsent(labelOf.apply(item), k -> new ArrayList<>()).add(item);
        }
        Random random = new Random(seed);
        Map<String, Integer> taken = new LinkedHashMap<>();
        for (Map.Entry<String, List<T>> e : byLabel.entrySet()) {
            Collections.shuffle(e.getValue(), random);
            taken.put(e.getKey(), 0);
        }

        List<List<T>> samples = new ArrayList<>(sizes.length);
        int remaining = population.size();
        for (int size : sizes) {
            // Allocated from what the earlier samples left, not from the whole population: rounding
            // each sample up independently could ask a label for more items than it has.
            Map<String, Integer> left = new LinkedHashMap<>();
            byLabel.forEach((label, items) -> left.put(label, items.size() - taken.get(label)));
            Map<String, Integer> quotas = quotas(left, remaining, size);
            remaining -= size;
            List<T> sample = new ArrayList<>(size);
            for (Map.Entry<String, Integer> q : quotas.entrySet()) {
                List<T> items = byLabel.get(q.getKey());
                int from = taken.get(q.getKey());
                int to = from + q.getValue();
                if (to > items.size()) {
                    throw new IllegalArgumentException("label '" + q.getKey() + "' has " + items.size()
                            + " items, fewer than the " + to + " the requested samples need");
                }
                sample.addAll(items.subList(from, to));
                taken.put(q.getKey(), to);
            }
            Collections.shuffle(sample, random);
            samples.add(List.copyOf(sample));
        }
        return List.copyOf(samples);
    }

    /** Proportional allocation of {@code size} over the labels, rounded by largest remainder. */
    static Map<String, Integer> quotas(Map<String, Integer> countByLabel, int populationSize, int size) {
        Map<String, Integer> quotas = new LinkedHashMap<>();
        Map<String, Double> remainders = new LinkedHashMap<>();
        int assigned = 0;
        for (Map.Entry<String, Integer> e : countByLabel.entrySet()) {
            double exact = (double) size * e.getValue() / populationSize;
            int floor = (int) Math.floor(exact);
            quotas.put(e.getKey(), floor);
            remainders.put(e.getKey(), exact - floor);
            assigned += floor;
        }
        List<String> byRemainder = new ArrayList<>(remainders.keySet());
        byRemainder.sort(Comparator.comparing((String label) -> remainders.get(label)).reversed());
        for (int i = 0; assigned < size; i++, assigned++) {
            String label = byRemainder.get(i % byRemainder.size());
            quotas.merge(label, 1, Integer::sum);
        }
        return quotas;
    }
}
