package io.lorastream.lora.train;

import io.lorastream.lora.model.AdapterState;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Everything a finished training run produced: the adapter (from the best epoch when there was a
 * validation split) and the numbers that describe how it got there.
 *
 * @param adapter the trained LoRA and head tensors with their settings and labels
 * @param settings the hyperparameters used
 * @param stepLosses training loss of every optimizer step, in order
 * @param epochs per-epoch training loss and validation metrics
 * @param bestEpoch epoch whose weights the adapter holds (0-based)
 * @param stopReason whether all epochs ran or early stopping ended the run
 * @param trainingExamples examples in the training split
 * @param validationExamples examples in the validation split
 * @param skippedSteps steps whose update was skipped because the gradient norm was not finite
 * @param examplesPerSecond training throughput over all steps (validation excluded)
 * @param tokensPerSecond real (non-padding) tokens per second over all steps
 * @param device the DJL device trained on, e.g. {@code cpu()} or {@code gpu(0)}
 * @param wallTime total time of the run, tokenization and validation included
 */
public record TrainingResult(AdapterState adapter, TrainingSettings settings, List<Double> stepLosses,
        List<EpochSummary> epochs, int bestEpoch, StopReason stopReason, int trainingExamples,
        int validationExamples, int skippedSteps, double examplesPerSecond, double tokensPerSecond, String device,
        Duration wallTime) {

    public TrainingResult {
        stepLosses = List.copyOf(stepLosses);
        epochs = List.copyOf(epochs);
    }

    /** Optimizer steps taken. */
    public int steps() {
        return stepLosses.size();
    }

    /** Validation loss after each epoch; empty without a validation split. */
    public List<Double> validationLosses() {
        return epochs.stream().map(EpochSummary::validationLoss).filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble).toList();
    }

    /** Mean training loss of each epoch. */
    public List<Double> trainingLosses() {
        return epochs.stream().map(EpochSummary::trainingLoss).toList();
    }
}
