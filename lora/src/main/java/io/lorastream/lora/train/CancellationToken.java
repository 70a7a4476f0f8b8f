package io.lorastream.lora.train;

/**
 * Lets another thread stop a training run: the trainer checks it before every batch and at the end of
 * every epoch, so a training run stops within one step of {@link #cancel()} and throws
 * {@link TrainingCancelledException}. Model loading, tokenization and an epoch's validation pass are
 * not interrupted; a cancel during them takes effect when they end.
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
