package io.lorastream.trainer.domain;

import io.lorastream.contracts.TrainingTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a task's new examples become a training window: at once when {@code minNewExamples} are
 * buffered (the window takes exactly that many, oldest first), or when {@code maxWait} has passed
 * since the last job (or since the first of them arrived, before any job) with at least
 * {@code minExamplesOnTimeout} buffered, or on an operator's request with at least one.
 */
public final class TriggerPolicy {

    /** A decision to cut a window of {@code size} examples, and why. */
    public record Cut(int size, String reason) {
    }

    private TriggerPolicy() {
    }

    /**
     * @param pending examples buffered and not in any window yet
     * @param waitingSince when the wait started: the last job's end, or the first pending example's arrival
     * @param manual an operator asked for a job now
     */
    public static Optional<Cut> decide(TrainingTrigger trigger, int pending, Instant waitingSince, Instant now,
                                       boolean manual) {
        if (pending >= trigger.minNewExamples()) {
            return Optional.of(new Cut(trigger.minNewExamples(), "size"));
        }
        if (manual && pending >= 1) {
            return Optional.of(new Cut(pending, "manual"));
        }
        if (pending >= trigger.minExamplesOnTimeout() && waitingSince != null
                && !Duration.between(waitingSince, now).minus(trigger.maxWait()).isNegative()) {
            return Optional.of(new Cut(pending, "timeout"));
        }
        return Optional.empty();
    }
}
