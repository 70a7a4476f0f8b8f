package io.lorastream.lora.train;

/**
 * Lets another thread stop a training run: the trainer checks it before every batch, so a run stops
 * within one step of {@link #cancel()} and throws {@link TrainingCancelledException}.
 */
public final class CancellationToken {

    private volatile boolean cancelled;

    /** Asks the run to stop; safe to call from any thread, any number of times. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
