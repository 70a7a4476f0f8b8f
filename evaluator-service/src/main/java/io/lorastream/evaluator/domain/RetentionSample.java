package io.lorastream.evaluator.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Older held-out items of one task, stratified by label and by time slice, at most {@code capacity}.
 *
 * <p>When full, an item is dropped from the label with the most items, and within that label from the
 * time slice with the most items (the newer slice on a tie: the window already covers recent data). So a
 * rare class keeps everything it has up to an equal share, and old periods keep their share while new ones
 * arrive. Inside a (label, slice) bucket the survivors are the items with the highest priority, a hash of
 * their key: a uniform sample of the bucket that does not depend on arrival order, so a replay or a
 * restore from a checkpoint gives the same sample.
 */
final class RetentionSample {

    private final int capacity;
    private final long sliceMillis;
    private final Map<String, TreeMap<Long, PriorityQueue<Entry>>> buckets = new TreeMap<>();
    private final Map<String, Integer> labelCounts = new HashMap<>();
    private int size;

    private record Entry(long priority, EvalItem item) {
    }

    private static final Comparator<Entry> LOWEST_PRIORITY_FIRST =
            Comparator.comparingLong(Entry::priority).thenComparing(e -> e.item().key());

    RetentionSample(int capacity, Duration slice) {
        if (capacity < 0) {
            throw new IllegalArgumentException("retention capacity must be >= 0, was " + capacity);
        }
        if (slice.isNegative() || slice.isZero()) {
            throw new IllegalArgumentException("retention time slice must be positive, was " + slice);
        }
        this.capacity = capacity;
        this.sliceMillis = slice.toMillis();
    }

    /**
     * Adds {@code item}; returns the item dropped to make room (possibly {@code item} itself), or null.
     */
    EvalItem add(EvalItem item) {
        if (capacity == 0) {
            return item;
        }
        long slice = Math.floorDiv(item.at().toEpochMilli(), sliceMillis);
        buckets.computeIfAbsent(item.label(), l -> new TreeMap<>())
                .computeIfAbsent(slice, s -> new PriorityQueue<>(LOWEST_PRIORITY_FIRST))
                .add(new Entry(priority(item.key()), item));
        labelCounts.merge(item.label(), 1, Integer::sum);
        size++;
        return size > capacity ? evict() : null;
    }

    private EvalItem evict() {
        String label = null;
        int most = -1;
        for (Map.Entry<String, Integer> count : new TreeMap<>(labelCounts).entrySet()) {
            if (count.getValue() > most) {
                most = count.getValue();
                label = count.getKey();
            }
        }
        TreeMap<Long, PriorityQueue<Entry>> slices = buckets.get(label);
        Long fullest = null;
        int fullestSize = -1;
        for (Map.Entry<Long, PriorityQueue<Entry>> s : slices.entrySet()) {
            if (s.getValue().size() >= fullestSize) { // >=: the newer slice wins a tie
                fullestSize = s.getValue().size();
                fullest = s.getKey();
            }
        }
        PriorityQueue<Entry> bucket = slices.get(fullest);
        Entry dropped = bucket.poll();
        if (bucket.isEmpty()) {
            slices.remove(fullest);
        }
        if (slices.isEmpty()) {
            buckets.remove(label);
        }
        if (labelCounts.merge(label, -1, Integer::sum) == 0) {
            labelCounts.remove(label);
        }
        size--;
        return dropped.item();
    }

    int size() {
        return size;
    }

    /** Every item, by label, then time slice, then priority: a stable order. */
    List<EvalItem> items() {
        List<EvalItem> out = new ArrayList<>(size);
        for (TreeMap<Long, PriorityQueue<Entry>> slices : buckets.values()) {
            for (PriorityQueue<Entry> bucket : slices.values()) {
                bucket.stream().sorted(LOWEST_PRIORITY_FIRST).forEach(e -> out.add(e.item()));
            }
        }
        return out;
    }

    /** The first 8 bytes of SHA-256(key): independent of the holdout split, which uses the content hash itself. */
    static long priority(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
