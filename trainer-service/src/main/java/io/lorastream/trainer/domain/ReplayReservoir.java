package io.lorastream.trainer.domain;

import io.lorastream.contracts.Example;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A task's memory of what it was trained on, for mixing into later jobs against catastrophic
 * forgetting: per label, a uniform random sample (reservoir sampling, Algorithm R) of every example
 * ever trained on with that label, each label holding an equal share of the capacity. Kept in the
 * object store as {@code replay/<task>/reservoir.json}; {@link #appliedVersion()} makes adding a
 * window idempotent, so a job re-run after a crash does not add its window twice.
 *
 * @param appliedVersion the last window version added, or null
 * @param capacity examples kept in all
 * @param seenByLabel examples offered so far, per label (the reservoir's denominator)
 * @param itemsByLabel the kept examples, per label
 */
public record ReplayReservoir(String appliedVersion, int capacity, Map<String, Long> seenByLabel,
                              Map<String, List<Example>> itemsByLabel) {

    public ReplayReservoir {
        seenByLabel = new TreeMap<>(seenByLabel);
        Map<String, List<Example>> copy = new TreeMap<>();
        itemsByLabel.forEach((label, items) -> copy.put(label, List.copyOf(items)));
        itemsByLabel = copy;
    }

    public static ReplayReservoir empty(int capacity) {
        return new ReplayReservoir(null, capacity, Map.of(), Map.of());
    }

    /** Examples kept, all labels. */
    public int size() {
        return itemsByLabel.values().stream().mapToInt(List::size).sum();
    }

    /**
     * This reservoir with a trained window's examples offered to it, unless that window was
     * already added.
     *
     * @param labels the task's current labels: the capacity is split evenly between them, and a label
     *     no longer in the set is dropped
     * @param seed makes the sampling reproducible (derive it from the version)
     */
    public ReplayReservoir add(String version, List<Example> window, List<String> labels, long seed) {
        if (version.equals(appliedVersion)) {
            return this;
        }
        int perLabel = labels.isEmpty() ? 0 : capacity / labels.size();
        Random random = new Random(seed);
        Map<String, Long> seen = new TreeMap<>();
        Map<String, List<Example>> items = new TreeMap<>();
        for (String label : labels) {
            seen.put(label, seenByLabel.getOrDefault(label, 0L));
            List<Example> kept = new ArrayList<>(itemsByLabel.getOrDefault(label, List.of()));
            while (kept.size() > perLabel) {
                kept.remove(kept.size() - 1); // capacity or label set shrank
            }
            items.put(label, kept);
        }
        for (Example example : window) {
            List<Example> kept = items.get(example.label());
            if (kept == null || perLabel == 0) {
                continue;
            }
            long n = seen.merge(example.label(), 1L, Long::sum);
            if (kept.size() < perLabel) {
                kept.add(example);
            } else {
                long j = (long) (random.nextDouble() * n);
                if (j < perLabel) {
                    kept.set((int) j, example);
                }
            }
        }
        return new ReplayReservoir(version, capacity, seen, items);
    }

    /**
     * A replay sample for a new job: {@code count} examples (fewer when the reservoir holds fewer),
     * split as evenly as the reservoir allows between the labels, none whose content is in
     * {@code exclude} (the new window itself), in a reproducible order.
     */
    public List<Example> sample(int count, Set<String> labels, Set<String> exclude, long seed) {
        Random random = new Random(seed);
        Map<String, List<Example>> candidates = new LinkedHashMap<>();
        for (Map.Entry<String, List<Example>> entry : itemsByLabel.entrySet()) {
            if (!labels.contains(entry.getKey())) {
                continue;
            }
            List<Example> usable = new ArrayList<>();
            for (Example e : entry.getValue()) {
                if (!exclude.contains(e.contentHash())) {
                    usable.add(e);
                }
            }
            java.util.Collections.shuffle(usable, random);
            candidates.put(entry.getKey(), usable);
        }
        List<Example> out = new ArrayList<>();
        // Round-robin over labels: balanced while every label has some left.
        boolean progress = true;
        int index = 0;
        while (out.size() < count && progress) {
            progress = false;
            for (List<Example> usable : candidates.values()) {
                if (out.size() < count && index < usable.size()) {
                    out.add(usable.get(index));
                    progress = true;
                }
            }
            index++;
        }
        out.sort(Comparator.comparing(Example::contentHash));
        return out;
    }
}
