package io.lorastream.evaluator.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The evaluation sets of every task: fed by the held-out follower, read by evaluations, checkpointed and
 * restored. Thread-safe; each task's sets are guarded by their own lock.
 */
public final class EvaluationSets {

    private final SetLimits limits;
    private final Map<String, TaskEvaluationSets> tasks = new ConcurrentHashMap<>();

    public EvaluationSets(SetLimits limits) {
        this.limits = limits;
    }

    public SetLimits limits() {
        return limits;
    }

    /** Adds a held-out item; false when it is a duplicate of one already held. */
    public boolean add(String task, EvalItem item) {
        TaskEvaluationSets sets = tasks.computeIfAbsent(task, t -> new TaskEvaluationSets(limits));
        synchronized (sets) {
            return sets.add(item);
        }
    }

    /** Replaces a task's sets with a checkpointed state. */
    public void restore(String task, List<EvalItem> window, List<EvalItem> retention) {
        TaskEvaluationSets sets = new TaskEvaluationSets(limits);
        sets.restore(window, retention);
        tasks.put(task, sets);
    }

    /** A copy of the task's sets; empty sets for a task never seen. */
    public EvaluationSnapshot snapshot(String task) {
        TaskEvaluationSets sets = tasks.get(task);
        if (sets == null) {
            return EvaluationSnapshot.EMPTY;
        }
        synchronized (sets) {
            return sets.snapshot();
        }
    }

    /** Tasks with held-out data, sorted. */
    public Set<String> tasks() {
        return new TreeSet<>(tasks.keySet());
    }

    public int windowSize(String task) {
        TaskEvaluationSets sets = tasks.get(task);
        if (sets == null) {
            return 0;
        }
        synchronized (sets) {
            return sets.windowSize();
        }
    }

    public int retentionSize(String task) {
        TaskEvaluationSets sets = tasks.get(task);
        if (sets == null) {
            return 0;
        }
        synchronized (sets) {
            return sets.retentionSize();
        }
    }

    /** Label → item count of one list, sorted by label. */
    public static Map<String, Integer> labelCounts(List<EvalItem> items) {
        Map<String, Integer> counts = new TreeMap<>();
        items.forEach(i -> counts.merge(i.label(), 1, Integer::sum));
        return counts;
    }
}
