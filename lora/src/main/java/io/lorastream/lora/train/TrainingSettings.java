package io.lorastream.lora.train;

import io.lorastream.lora.model.LoraSettings;

/**
 * The hyperparameters of a training run, recorded with its result (they belong in the adapter's
 * lineage).
 *
 * @param lora LoRA rank, alpha, dropout and target modules
 * @param epochs passes over the training split
 * @param batchSize examples per optimizer step
 * @param microBatchSize examples per forward/backward pass, whose gradients accumulate into the
 *     batch's; bounds activation memory; 0 means the whole batch at once
 * @param learningRate peak learning rate of the LoRA matrices
 * @param headLearningRate peak learning rate of the head ({@code modules_to_save}: classifier, pooler when
 *     trained), which starts from scratch and usually wants a larger step than the low-rank update
 * @param weightDecay AdamW decoupled weight decay (not applied to biases)
 * @param warmupRatio fraction of all steps spent warming up linearly from 0
 * @param maxGradNorm global gradient-norm clip; 0 disables clipping
 * @param classWeighting how classes are weighted in the loss
 * @param validationFraction fraction of examples held out (stratified) for validation; 0 for none
 * @param earlyStoppingPatience epochs without validation improvement before stopping; 0 disables
 * @param maxLength longest token sequence; longer texts are truncated
 * @param dynamicPadding pad each batch to its longest example rather than to {@code maxLength}
 * @param lengthBucketing group examples of similar length into batches
 * @param seed seed of the split, shuffling, initialisation and dropout
 * @param device device setting, see {@link DeviceSelector}
 */
public record TrainingSettings(LoraSettings lora, int epochs, int batchSize, int microBatchSize,
        double learningRate, double headLearningRate, double weightDecay, double warmupRatio, double maxGradNorm, ClassWeighting classWeighting,
        double validationFraction, int earlyStoppingPatience, int maxLength, boolean dynamicPadding,
        boolean lengthBucketing, long seed, String device) {

    public TrainingSettings {
        require(epochs >= 1, "epochs must be at least 1, was " + epochs);
        require(batchSize >= 1, "batchSize must be at least 1, was " + batchSize);
        require(microBatchSize >= 0, "microBatchSize must be >= 0 (0 = whole batch), was " + microBatchSize);
        require(learningRate > 0 && Double.isFinite(learningRate),
                "learningRate must be finite and positive, was " + learningRate);
        require(headLearningRate > 0 && Double.isFinite(headLearningRate),
                "headLearningRate must be finite and positive, was " + headLearningRate);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay must be >= 0, was " + weightDecay);
        require(warmupRatio >= 0 && warmupRatio <= 1, "warmupRatio must lie in [0, 1], was " + warmupRatio);
        require(maxGradNorm >= 0 && Double.isFinite(maxGradNorm), "maxGradNorm must be >= 0, was " + maxGradNorm);
        require(validationFraction >= 0 && validationFraction < 1,
                "validationFraction must lie in [0, 1), was " + validationFraction);
        require(earlyStoppingPatience >= 0, "earlyStoppingPatience must be >= 0, was " + earlyStoppingPatience);
        require(maxLength >= 2, "maxLength must be at least 2 ([CLS] and [SEP]), was " + maxLength);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
