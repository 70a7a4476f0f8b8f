package io.lorastream.lora.train;

/** Thrown by a training run stopped through its {@link CancellationToken}; no adapter is produced. */
public final class TrainingCancelledException extends RuntimeException {

    private final int stepsDone;

    public TrainingCancelledException(int stepsDone) {
        super("training cancelled after " + stepsDone + " step(s)");
        this.stepsDone = stepsDone;
    }

    /** Optimizer steps completed before the run stopped. */
    public int stepsDone() {
        return stepsDone;
    }
}
