package io.lorastream.lora.train;

import java.util.OptionalDouble;

/**
 * What one epoch achieved.
 *
 * @param epoch the epoch, 0-based
 * @param trainingLoss mean training loss over the epoch's steps
 * @param validationLoss weighted cross-entropy on the validation split, empty without one
 * @param validationAccuracy accuracy on the validation split, empty without one
 * @param improved whether this epoch is the best so far (always true without validation)
 */
public record EpochSummary(int epoch, double trainingLoss, OptionalDouble validationLoss,
        OptionalDouble validationAccuracy, boolean improved) {
}
