package io.lorastream.evaluator.domain;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent held-out items of one task, oldest first, at most {@code capacity} of them. */
final class HeldOutWindow {

    private final int capacity;
    private final ArrayDeque<EvalItem> items;

    HeldOutWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Appends {@code item}; returns the item that fell out of the window, or null. */
    EvalItem add(EvalItem item) {
        items.addLast(item);
        return items.size() > capacity ? items.removeFirst() : null;
    }

    int size() {
        return items.size();
    }

    /** Oldest first. */
    List<EvalItem> items() {
        return List.copyOf(items);
    }
}
