package io.lorastream.ingest.domain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers, per task, the content keys of the most recent examples written to Kafka, in bounded
 * memory ({@code windowPerTask} keys a task). A key is claimed before its example is sent and
 * released if the send fails, so two concurrent requests cannot both write the same content.
 */
public final class DedupIndex {

    private final int windowPerTask;
    private final ConcurrentMap<String, RecentKeySet> windows = new ConcurrentHashMap<>();

    /** @param windowPerTask how many recent distinct examples per task are remembered */
    public DedupIndex(int windowPerTask) {
        if (windowPerTask < 1) {
            throw new IllegalArgumentException("windowPerTask must be >= 1 (was " + windowPerTask + ")");
        }
        this.windowPerTask = windowPerTask;
    }

    /** Claims {@code key} for {@code task}: true when it is new (the caller must write it), false for a duplicate. */
    public boolean claim(String task, long key) {
        RecentKeySet window = window(task);
        synchronized (window) {
            return window.add(key);
        }
    }

    /**
     * Claims the keys of one request under one lock, in order (a key repeated within them is a duplicate
     * from its second place on): {@code claimed[i]} says whether {@code keys[i]} was new. One lock a
     * request instead of one a row: under load every HTTP worker claims for the same task at once.
     */
    public boolean[] claimAll(String task, long[] keys) {
        boolean[] claimed = new boolean[keys.length];
        if (keys.length == 0) {
            return claimed;
        }
        RecentKeySet window = window(task);
        synchronized (window) {
            window.addAll(keys, claimed);
        }
        return claimed;
    }

    /** Gives back a claim whose write failed, so that a retry is not mistaken for a duplicate. */
    public void release(String task, long key) {
        RecentKeySet window = window(task);
        synchronized (window) {
            window.remove(key);
        }
    }

    /** Remembers a key read back from Kafka while restoring after a restart. */
    public void remember(String task, long key) {
        claim(task, key);
    }

    /** Number of keys remembered for {@code task}. */
    public int size(String task) {
        RecentKeySet window = windows.get(task);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            return window.size();
        }
    }

    public int windowPerTask() {
        return windowPerTask;
    }

    private RecentKeySet window(String task) {
        return windows.computeIfAbsent(task, t -> new RecentKeySet(windowPerTask));
    }
}
