package io.lorastream.lora.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Plans the batches of one epoch. With bucketing, examples are shuffled, cut into pools of
 * {@link #POOL_BATCHES} batches, sorted by token length inside each pool and cut into batches whose
 * order is then shuffled: batches hold similar lengths, so padding to the longest in the batch wastes
 * little, while every epoch still sees different batches. Without bucketing, batches are plain
 * random slices. Deterministic for a given seed and epoch.
 */
public final class LengthBucketBatcher {

    /** Pool size in batches: large enough for tight length groups, small enough to keep epochs varied. */
    public static final int POOL_BATCHES = 50;

    private final int batchSize;
    private final boolean bucketing;
    private final long seed;

    public LengthBucketBatcher(int batchSize, boolean bucketing, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        this.batchSize = batchSize;
        this.bucketing = bucketing;
        this.seed = seed;
    }

    /**
     * The batches of epoch {@code epoch} (0-based) as lists of example indices; every index in
     * {@code [0, lengths.length)} appears exactly once.
     *
     * @param lengths token length of each example
     */
    public List<int[]> plan(int[] lengths, int epoch) {
        // A distinct stream per epoch, derived from the run's seed.
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);

        List<int[]> batches = new ArrayList<>();
        int poolSize = bucketing ? batchSize * POOL_BATCHES : batchSize;
        for (int start = 0; start < order.size(); start += poolSize) {
            List<Integer> pool = new ArrayList<>(order.subList(start, Math.min(start + poolSize, order.size())));
            if (bucketing) {
                pool.sort(Comparator.comparingInt(i -> lengths[i])); // stable: ties keep their shuffled order
            }
            for (int b = 0; b < pool.size(); b += batchSize) {
                batches.add(pool.subList(b, Math.min(b + batchSize, pool.size())).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
        }
        if (bucketing) {
            Collections.shuffle(batches, random);
        }
        return batches;
    }

    /** Number of batches an epoch over {@code examples} examples has. */
    public int batchesPerEpoch(int examples) {
        if (!bucketing) {
            return (examples + batchSize - 1) / batchSize;
        }
        int fullPools = examples / (batchSize * POOL_BATCHES);
        int rest = examples % (batchSize * POOL_BATCHES);
        return fullPools * POOL_BATCHES + (rest + batchSize - 1) / batchSize;
    }

    @Override
    public String toString() {
        return "LengthBucketBatcher[batchSize=" + batchSize + ", bucketing=" + bucketing + "]";
    }
}
