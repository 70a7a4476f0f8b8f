package io.lorastream.trainer.domain;

/** What the job runner reports as jobs go; the service turns it into metrics. */
public interface JobObserver {

    JobObserver NONE = new JobObserver() {
    };

    default void started(String task) {
    }

    default void progressed(String task, JobProgress progress) {
    }

    default void ended(JobOutcome outcome) {
    }
}
