package io.lorastream.ingest.domain;

import java.util.BitSet;

/**
 * The most recent {@code capacity} distinct 64-bit keys, in about 24 bytes a key: a ring buffer
 * remembers insertion order and evicts the oldest, an open-addressing table answers membership.
 * Not thread-safe; {@link DedupIndex} guards it.
 */

final class RecentKeySet {

    private static final long EMPTY = 0L;
    /** Key 0 is the table's empty marker, so it is stored as this stand-in (a 2^-64 collision). */
    private static final long ZERO_STANDIN = 0x9E3779B97F4A7C15L;

    private final long[] ring;
    /** Ring slots still holding a live key; a key taken back leaves a dead slot behind. */
    private final BitSet liveSlots;
    private final long[] table;
    private final int mask;
    private int ringHead;
    private int ringUsed;
    private int size;
    private long probeSink;

    RecentKeySet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 (was " + capacity + ")");
        }
        this.ring = new long[capacity];
        this.liveSlots = new BitSet(capacity);
        int tableSize = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
        this.table = new long[tableSize];
        this.mask = tableSize - 1;
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        key = stored(key);
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            long current = table[slot];
            if (current == EMPTY) {
                return false;
            }
            if (current == key) {
                return true;
            }
        }
    }

    /** Adds the key, evicting the oldest when full. Returns false when it was already there. */
    boolean add(long key) {
        key = stored(key);
        if (contains(key)) {
            return false;
        }
        if (ringUsed == ring.length) {
            if (liveSlots.get(ringHead)) {
                removeFromTable(ring[ringHead]);
                size--;
            }
        } else {
            ringUsed++;
        }
        ring[ringHead] = key;
        liveSlots.set(ringHead);
        ringHead = (ringHead + 1) % ring.length;
        size++;
        insertIntoTable(key);
        return true;
    }

    /**
     * {@link #add} of each key in order; {@code added[i]} is what {@code add(keys[i])} returned.
     *
     * <p>The table is 4 MiB at the default window, past the L2 cache, so almost every probe of a row
     * is a cache miss, and one {@code add} after another takes them one at a time (one add was ~75 ns,
     * a tenth of the service's CPU under load). So the slots the batch will probe are loaded first,
     * in a loop whose loads do not depend on each other: the CPU has many misses in flight at once,
     * and the adds that follow find their slots cached.
     */
    void addAll(long[] keys, boolean[] added) {
        long touched = 0;
        for (long key : keys) {
            touched += table[slot(stored(key))];
        }
        // The keys these adds will evict, oldest first: their slots are probed to remove them.
        int evictions = ringUsed == ring.length ? Math.min(keys.length, ring.length) : 0;
        for (int i = 0, at = ringHead; i < evictions; i++, at = at + 1 == ring.length ? 0 : at + 1) {
            touched += table[slot(ring[at])];
        }
        // Kept in a field so that the JIT cannot drop the loads as unused.
        probeSink = touched;
        for (int i = 0; i < keys.length; i++) {
            added[i] = add(keys[i]);
        }
    }

    /**
     * Takes a key back (a claim whose write failed). Searches the ring newest-first: failed
     * claims are recent, so this is short in practice and never on the hot path.
     */
    boolean remove(long key) {
        key = stored(key);
        if (!contains(key)) {
            return false;
        }
        removeFromTable(key);
        for (int i = 1; i <= ringUsed; i++) {
            int slot = (ringHead - i + ring.length) % ring.length;
            if (liveSlots.get(slot) && ring[slot] == key) {
                liveSlots.clear(slot);
                break;
            }
        }
        size--;
        return true;
    }

    private void insertIntoTable(long key) {
        int slot = slot(key);
        while (table[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        table[slot] = key;
    }

    /** Backward-shift deletion keeps linear probing correct without tombstones. */
    private void removeFromTable(long key) {
        int slot = slot(key);
        while (table[slot] != key) {
            if (table[slot] == EMPTY) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        for (int next = (hole + 1) & mask; table[next] != EMPTY; next = (next + 1) & mask) {
            int home = slot(table[next]);
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                table[hole] = table[next];
                hole = next;
            }
        }
        table[hole] = EMPTY;
    }

    private int slot(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }

    private static long stored(long key) {
        return key == EMPTY ? ZERO_STANDIN : key;
    }
}
