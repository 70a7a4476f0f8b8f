package io.lorastream.evaluator.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One task's held-out window and retention sample. An item leaving the window enters the retention
 * sample; an item whose key is already in either set is a duplicate and ignored. Not thread-safe:
 * {@link EvaluationSets} guards it.
 */
final class TaskEvaluationSets {

    private final HeldOutWindow window;
    private final RetentionSample retention;
    private final Set<String> keys = new HashSet<>();

    TaskEvaluationSets(SetLimits limits) {
        this.window = new HeldOutWindow(limits.windowSize());
        this.retention = new RetentionSample(limits.retentionSize(), limits.timeSlice());
    }

    /** Adds an item; false when its key is already held. */
    boolean add(EvalItem item) {
        if (!keys.add(item.key())) {
            return false;
        }
        EvalItem old = window.add(item);
        if (old != null) {
            EvalItem dropped = retention.add(old);
            if (dropped != null) {
                keys.remove(dropped.key());
            }
        }
        return true;
    }

    /** Puts back a checkpointed state: the retention sample first, then the window, oldest first. */
    void restore(List<EvalItem> windowItems, List<EvalItem> retentionItems) {
        for (EvalItem item : retentionItems) {
            if (keys.add(item.key())) {
                EvalItem dropped = retention.add(item);
                if (dropped != null) {
                    keys.remove(dropped.key());
                }
            }
        }
        windowItems.forEach(this::add);
    }

    EvaluationSnapshot snapshot() {
        return new EvaluationSnapshot(window.items(), retention.items());
    }

    int windowSize() {
        return window.size();
    }

    int retentionSize() {
        return retention.size();
    }
}
