package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * How the trainer fine-tunes a task's adapter in each job, and how much it replays of the past.
 *
 * @param epochs passes over the job's data (new window plus replay)
 * @param batchSize examples per optimizer step
 * @param maxLength longest input in tokens; longer texts are truncated
 * @param learningRate peak learning rate of the LoRA matrices, reached after warm-up
 * @param headLearningRate peak learning rate of the classification head (pooler and classifier), which
 *     starts from scratch and needs a larger step than the low-rank update
 * @param warmupRatio share of the steps spent warming the learning rate up from 0
 * @param classWeighting {@code balanced} (inverse class frequency, so a rare class counts as much as a
 *     common one) or {@code none}
 * @param validationFraction share of the job's data held out for early stopping (0 = none)
 * @param earlyStoppingPatience epochs without a better validation loss before stopping (0 = never stop early)
 * @param replayRatio replayed past examples per new example mixed into every job (0 = no replay)
 * @param replayCapacity examples the task's replay reservoir keeps, split evenly across labels
 */
public record TrainingSpec(int epochs, int batchSize, int maxLength, double learningRate, double headLearningRate,
                           double warmupRatio, String classWeighting, double validationFraction,
                           int earlyStoppingPatience, double replayRatio, int replayCapacity) {

    /** Class weighting modes. */
    public static final Set<String> CLASS_WEIGHTINGS = Set.of("balanced", "none");

    /**
     * The defaults, chosen on the SpamAssassin demo (docs/demo.md, "The training recipe", has the
     * measurements): windows of a few hundred to a thousand examples need many small steps at a LoRA
     * rate of 2e-3 (batch 16, three epochs); at 5e-4 and batch 32 the same windows ended 4 points lower.
     * No validation split: on a window of a few hundred examples a tenth of it is a few dozen, whose
     * loss rises from the first epoch on as the model grows confident while its accuracy stays flat, so
     * early stopping kept the first, un-annealed epoch of every job (the held-out gate is the
     * evaluator's, on data the trainer never sees). Replay of one past example per new one: a
     * warm-started job that sees mostly the new distribution forgets the old one (retention macro-F1
     * 0.89-0.93 with half as much replay, 0.95-0.98 with as much).
     */
    public static final TrainingSpec DEFAULT = new TrainingSpec(3, 16, 128, 2e-3, 5e-3, 0.1, "balanced", 0.0, 2, 1.0,
            2000);

    public TrainingSpec {
        Require.atLeast(epochs, 1, "training.epochs");
        if (epochs > 100) {
            throw new IllegalArgumentException("training.epochs must be at most 100 (was " + epochs + ")");
        }
        Require.atLeast(batchSize, 1, "training.batchSize");
        if (batchSize > 1024) {
            throw new IllegalArgumentException("training.batchSize must be at most 1024 (was " + batchSize + ")");
        }
        Require.atLeast(maxLength, 8, "training.maxLength");
        if (maxLength > 8192) {
            throw new IllegalArgumentException("training.maxLength must be at most 8192 (was " + maxLength + ")");
        }
        Require.between(learningRate, 1e-8, 1.0, "training.learningRate");
        Require.between(headLearningRate, 1e-8, 1.0, "training.headLearningRate");
        Require.between(warmupRatio, 0.0, 0.5, "training.warmupRatio");
        Require.notBlank(classWeighting, "training.classWeighting");
        if (!CLASS_WEIGHTINGS.contains(classWeighting)) {
            throw new IllegalArgumentException("training.classWeighting must be one of " + CLASS_WEIGHTINGS
                    + " (was '" + classWeighting + "')");
        }
        Require.between(validationFraction, 0.0, 0.5, "training.validationFraction");
        Require.atLeast(earlyStoppingPatience, 0, "training.earlyStoppingPatience");
        Require.between(replayRatio, 0.0, 10.0, "training.replayRatio");
        Require.atLeast(replayCapacity, 0, "training.replayCapacity");
    }

    /** These settings with another number of epochs. */
    public TrainingSpec withEpochs(int newEpochs) {
        return new TrainingSpec(newEpochs, batchSize, maxLength, learningRate, headLearningRate, warmupRatio,
                classWeighting, validationFraction, earlyStoppingPatience, replayRatio, replayCapacity);
    }

    /** These settings with another replay ratio. */
    public TrainingSpec withReplayRatio(double newReplayRatio) {
        return new TrainingSpec(epochs, batchSize, maxLength, learningRate, headLearningRate, warmupRatio,
                classWeighting, validationFraction, earlyStoppingPatience, newReplayRatio, replayCapacity);
    }

    @JsonCreator
    static TrainingSpec fromJson(@JsonProperty("epochs") Integer epochs,
                                 @JsonProperty("batchSize") Integer batchSize,
                                 @JsonProperty("maxLength") Integer maxLength,
                                 @JsonProperty("learningRate") Double learningRate,
                                 @JsonProperty("headLearningRate") Double headLearningRate,
                                 @JsonProperty("warmupRatio") Double warmupRatio,
                                 @JsonProperty("classWeighting") String classWeighting,
                                 @JsonProperty("validationFraction") Double validationFraction,
                                 @JsonProperty("earlyStoppingPatience") Integer earlyStoppingPatience,
                                 @JsonProperty("replayRatio") Double replayRatio,
                                 @JsonProperty("replayCapacity") Integer replayCapacity) {
        return new TrainingSpec(
                Require.orDefault(epochs, DEFAULT.epochs()),
                Require.orDefault(batchSize, DEFAULT.batchSize()),
                Require.orDefault(maxLength, DEFAULT.maxLength()),
                Require.orDefault(learningRate, DEFAULT.learningRate()),
                Require.orDefault(headLearningRate, DEFAULT.headLearningRate()),
                Require.orDefault(warmupRatio, DEFAULT.warmupRatio()),
                Require.orDefault(classWeighting, DEFAULT.classWeighting()),
                Require.orDefault(validationFraction, DEFAULT.validationFraction()),
                Require.orDefault(earlyStoppingPatience, DEFAULT.earlyStoppingPatience()),
                Require.orDefault(replayRatio, DEFAULT.replayRatio()),
                Require.orDefault(replayCapacity, DEFAULT.replayCapacity()));
    }
}
