package io.lorastream.trainer.domain;

import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.TrainingTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;

/**
 * One task's examples on the trainer: the windows planned and not finished (oldest first), and the
 * new examples not in any window yet. Decides when the next job starts and what it trains, and how
 * far this task lets each partition's offset be committed. Not thread-safe: the consumer thread
 * owns it.
 */
public final class TaskBuffer {

    /** What became of an example handed to {@link #accept}. */
    public enum Route {
        /** Part of a planned, unfinished window. */
        WINDOW,
        /** Covered by a window already trained (or failed): it was read again after a restart. */
        ALREADY_TRAINED,
        /** Same content as an example already buffered (a rare duplicate write by ingest). */
        DUPLICATE,
        /** New: waits for the next window. */
        PENDING
    }

    private final String task;
    private final Map<Integer, Long> watermarks = new HashMap<>();
    private final Deque<PlannedWindow> windows = new ArrayDeque<>();
    private final List<SourcedExample> pending = new ArrayList<>();
    private final Set<String> bufferedHashes = new HashSet<>();
    private final Set<Integer> partitions = new HashSet<>();
    private Instant waitingSince;
    private boolean manualRequested;
    private PlannedWindow running;

    /** A task taken on with what the store knows of it. */
    public TaskBuffer(String task, TaskLedger ledger) {
        this.task = task;
        watermarks.putAll(ledger.watermarks());
        for (TaskLedger.UnfinishedWindow unfinished : ledger.unfinished()) {
            windows.add(new PlannedWindow(unfinished.plan(), unfinished.trained(), List.of()));
        }
    }

    public String task() {
        return task;
    }

    /** Routes one example read from Kafka. */
    public Route accept(SourcedExample example, Instant now) {
        partitions.add(example.partition());
        for (PlannedWindow window : windows) {
            if (window.plan().covers(example.partition(), example.offset())) {
                if (bufferedHashes.add(example.example().contentHash())) {
                    window.add(example);
                    return Route.WINDOW;
                }
                return Route.DUPLICATE;
            }
        }
        Long watermark = watermarks.get(example.partition());
        if (watermark != null && example.offset() <= watermark) {
            return Route.ALREADY_TRAINED;
        }
        if (!bufferedHashes.add(example.example().contentHash())) {
            return Route.DUPLICATE;
        }
        if (pending.isEmpty() && waitingSince == null) {
            waitingSince = now;
        }
        pending.add(example);
        return Route.PENDING;
    }

    /** An operator asked for a job now: the next decision cuts whatever is pending, or releases a held window. */
    public void requestJob() {
        manualRequested = true;
    }

    /**
     * The window the next job should train, if one is due; it counts as running until
     * {@link #finished} or {@link #cancelled}. Planned windows go first, in order; a new window is
     * cut from the pending examples when the trigger fires.
     *
     * @param position the consumer's next offset per partition
     * @param planner turns the cut examples into a plan (names the version)
     */
    public Optional<PlannedWindow> nextJob(TrainingTrigger trigger, IntToLongFunction position, Instant now,
                                           Planner planner) {
        if (running != null) {
            return Optional.empty();
        }
        PlannedWindow head = windows.peekFirst();
        if (head != null) {
            if (!head.isCollected(position)) {
                return Optional.empty();
            }
            if (head.isHeld(now) && !manualRequested) {
                return Optional.empty();
            }
            head.release();
            manualRequested = false;
            running = head;
            return Optional.of(head);
        }
        Optional<TriggerPolicy.Cut> cut = TriggerPolicy.decide(trigger, pending.size(), waitingSince, now,
                manualRequested);
        if (cut.isEmpty()) {
            return Optional.empty();
        }
        List<SourcedExample> taken = new ArrayList<>(pending.subList(0, cut.get().size()));
        pending.subList(0, cut.get().size()).clear();
        WindowPlan plan = planner.plan(task, rangesOf(taken), taken.size(), cut.get().reason(), now);
        plan.lastOffsets().forEach((partition, last) -> watermarks.merge(partition, last, Math::max));
        PlannedWindow window = new PlannedWindow(plan, false, taken);
        windows.addLast(window);
        manualRequested = false;
        running = window;
        return Optional.of(window);
    }

    /** The running window's job ended with a candidate or a failure record: the window is done. */
    public void finished(String version, Instant now) {
        PlannedWindow done = requireRunning(version);
        windows.remove(done);
        done.examples().forEach(e -> bufferedHashes.remove(e.example().contentHash()));
        running = null;
        waitingSince = pending.isEmpty() ? null : now;
    }

    /**
     * The running window's job was cancelled: the window stays first in line, held back for
     * {@code holdFor} unless an operator asks for a job again.
     */
    public void cancelled(String version, Instant now, Duration holdFor) {
        PlannedWindow window = requireRunning(version);
        window.holdUntil(now.plus(holdFor));
        running = null;
    }

    /** The lowest offset on {@code partition} this task still needs, if any: commits must stay below it. */
    public OptionalLong firstUnfinishedOffset(int partition) {
        long min = Long.MAX_VALUE;
        for (PlannedWindow window : windows) {
            for (SourcedExample e : window.examples()) {
                if (e.partition() == partition) {
                    min = Math.min(min, e.offset());
                }
            }
        }
        for (SourcedExample e : pending) {
            if (e.partition() == partition) {
                min = Math.min(min, e.offset());
                break; // pending is in offset order per partition
            }
        }
        return min == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(min);
    }

    /** Partitions this task's examples were read from. */
    public Set<Integer> partitions() {
        return Set.copyOf(partitions);
    }

    public int pendingCount() {
        return pending.size();
    }

    /** Examples held in memory: pending plus those collected for planned windows. */
    public int bufferedCount() {
        int count = pending.size();
        for (PlannedWindow window : windows) {
            count += window.examples().size();
        }
        return count;
    }

    public int plannedWindowCount() {
        return windows.size();
    }

    public boolean isRunning() {
        return running != null;
    }

    private PlannedWindow requireRunning(String version) {
        if (running == null || !running.plan().version().equals(version)) {
            throw new IllegalStateException("task " + task + " is not running window " + version);
        }
        return running;
    }

    /** Per partition, the first and last offset of the examples. */
    static List<OffsetRange> rangesOf(List<SourcedExample> examples) {
        Map<Integer, long[]> bounds = new TreeMap<>();
        for (SourcedExample e : examples) {
            bounds.merge(e.partition(), new long[] {e.offset(), e.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<OffsetRange> ranges = new ArrayList<>();
        bounds.forEach((partition, b) -> ranges.add(new OffsetRange(Topics.EXAMPLES_TRAIN, partition, b[0], b[1])));
        return ranges;
    }

    /** Names and records a new window. */
    @FunctionalInterface
    public interface Planner {
        WindowPlan plan(String task, List<OffsetRange> ranges, int exampleCount, String reason, Instant now);
    }
}
