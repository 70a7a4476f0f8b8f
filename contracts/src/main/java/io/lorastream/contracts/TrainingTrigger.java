package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * When the trainer starts a fine-tuning job for a task: as soon as {@code minNewExamples} new
 * examples are buffered, or when {@code maxWait} has passed since the last job and at least
 * {@code minExamplesOnTimeout} new examples are there.
 *
 * @param minNewExamples new examples that start a job at once
 * @param maxWait longest time new examples wait for a job
 * @param minExamplesOnTimeout fewest new examples worth a job when {@code maxWait} has passed
 */
public record TrainingTrigger(int minNewExamples, Duration maxWait, int minExamplesOnTimeout) {

    /** The defaults: 200 examples, or 30 minutes with at least 20. */
    public static final TrainingTrigger DEFAULT = new TrainingTrigger(200, Duration.ofMinutes(30), 20);

    public TrainingTrigger {
        Require.atLeast(minNewExamples, 1, "trigger.minNewExamples");
        Require.present(maxWait, "trigger.maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("trigger.maxWait must be a positive duration (was " + maxWait + ")");
        }
        Require.atLeast(minExamplesOnTimeout, 1, "trigger.minExamplesOnTimeout");
        if (minExamplesOnTimeout > minNewExamples) {
            throw new IllegalArgumentException("trigger.minExamplesOnTimeout must be <= trigger.minNewExamples ("
                    + minExamplesOnTimeout + " > " + minNewExamples + ")");
        }
    }

    @JsonCreator
    static TrainingTrigger fromJson(@JsonProperty("minNewExamples") Integer minNewExamples,
                                    @JsonProperty("maxWait") Duration maxWait,
                                    @JsonProperty("minExamplesOnTimeout") Integer minExamplesOnTimeout) {
        int min = Require.orDefault(minNewExamples, DEFAULT.minNewExamples());
        return new TrainingTrigger(min,
                Require.orDefault(maxWait, DEFAULT.maxWait()),
                Require.orDefault(minExamplesOnTimeout, Math.min(min, DEFAULT.minExamplesOnTimeout())));
    }
}
