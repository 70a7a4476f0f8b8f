package io.lorastream.trainer.kafka;

import io.lorastream.trainer.domain.JobRunner;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trainer's state as the consumer thread last published it, for the admin API, metrics and
 * health: read from any thread without touching the consumer's own structures.
 */
public final class TrainerState {

    /**
     * One task as this replica sees it.
     *
     * @param task task id
     * @param pendingExamples new examples not yet in a window
     * @param bufferedExamples all examples held in memory for the task
     * @param plannedWindows windows planned and not finished (the running one included)
     * @param partitions partitions its examples come from
     * @param job the queued or running job, or null
     */
    public record TaskStatus(String task, int pendingExamples, int bufferedExamples, int plannedWindows,
                             Set<Integer> partitions, JobRunner.ActiveJob job) {
    }

    private volatile Map<String, TaskStatus> tasks = Map.of();
    private volatile boolean consumptionPaused;

    void publish(Map<String, TaskStatus> statuses, boolean paused) {
        tasks = Map.copyOf(statuses);
        consumptionPaused = paused;
    }

    public Map<String, TaskStatus> tasks() {
        return tasks;
    }

    public Optional<TaskStatus> task(String task) {
        return Optional.ofNullable(tasks.get(task));
    }

    public boolean consumptionPaused() {
        return consumptionPaused;
    }
}
