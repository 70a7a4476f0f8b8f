package io.lorastream.trainer.rest;

import io.lorastream.trainer.domain.JobOutcome;
import io.lorastream.trainer.domain.JobProgress;
import io.lorastream.trainer.domain.JobRunner;
import io.lorastream.trainer.kafka.TrainerState;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A task as the admin API shows it: its window sizes here, its job, and its recent jobs.
 *
 * @param task task id
 * @param pendingExamples new examples not yet in a window
 * @param bufferedExamples examples in memory (pending and in planned windows)
 * @param plannedWindows windows planned and not finished
 * @param partitions partitions its examples come from on this replica
 * @param job the queued or running job, or null
 * @param recentJobs the last jobs' outcomes, newest first
 */
public record TaskView(String task, int pendingExamples, int bufferedExamples, int plannedWindows,
                       Set<Integer> partitions, JobView job, List<OutcomeView> recentJobs) {

    /** A queued or running job. */
    public record JobView(String version, Instant queuedAt, String stage, int step, int totalSteps, Double loss,
                          double examplesPerSecond, long etaSeconds) {
        static JobView of(JobRunner.ActiveJob job) {
            JobProgress p = job.progress();
            return new JobView(job.version(), job.submittedAt(), p.stage(), p.step(), p.totalSteps(),
                    Double.isNaN(p.loss()) ? null : p.loss(), p.examplesPerSecond(), p.eta().toSeconds());
        }
    }

    /** A finished job. */
    public record OutcomeView(String version, String status, String reason, double durationSeconds) {
        static OutcomeView of(JobOutcome o) {
            return new OutcomeView(o.version(), o.status().name().toLowerCase(), o.reason(),
                    o.duration().toMillis() / 1000.0);
        }
    }

    static TaskView of(TrainerState.TaskStatus status, JobRunner runner) {
        return new TaskView(status.task(), status.pendingExamples(), status.bufferedExamples(), status.plannedWindows(),
                status.partitions(), runner.active(status.task()).map(JobView::of).orElse(null),
                runner.history(status.task()).stream().map(OutcomeView::of).toList());
    }
}
