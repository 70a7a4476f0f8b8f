package io.lorastream.trainer.domain;

import java.util.List;
import java.util.Map;

/**
 * What the object store says about a task's windows when the trainer takes the task on: how far
 * (per partition) windows have already been planned, and the windows that were planned but not
 * finished before the last owner stopped.
 *
 * @param watermarks per partition, the last offset covered by any planned window
 * @param unfinished planned windows without an announced candidate or a failure record, oldest first
 */
public record TaskLedger(Map<Integer, Long> watermarks, List<UnfinishedWindow> unfinished) {

    public static final TaskLedger EMPTY = new TaskLedger(Map.of(), List.of());

    public TaskLedger {
        watermarks = Map.copyOf(watermarks);
        unfinished = List.copyOf(unfinished);
    }

    /**
     * A planned window that still needs work.
     *
     * @param plan the plan as written
     * @param trained true when its candidate is complete in the store and only the announcement is missing
     */
    public record UnfinishedWindow(WindowPlan plan, boolean trained) {
    }
}
