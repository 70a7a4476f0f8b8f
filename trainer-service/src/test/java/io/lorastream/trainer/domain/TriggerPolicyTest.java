package io.lorastream.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.TrainingTrigger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TriggerPolicyTest {

    private static final TrainingTrigger TRIGGER = new TrainingTrigger(100, Duration.ofMinutes(10), 20);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void enoughNewExamplesCutAWindowOfExactlyTheMinimum() {
        assertThat(TriggerPolicy.decide(TRIGGER, 250, T0, T0, false))
                .contains(new TriggerPolicy.Cut(100, "size"));
        assertThat(TriggerPolicy.decide(TRIGGER, 99, T0, T0, false)).isEmpty();
    }

    @Test
    void afterTheLongestWaitAFewExamplesAreEnough() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        assertThat(TriggerPolicy.decide(TRIGGER, 20, T0, later, false)).contains(new TriggerPolicy.Cut(20, "timeout"));
        assertThat(TriggerPolicy.decide(TRIGGER, 19, T0, later, false)).as("below the timeout minimum").isEmpty();
        assertThat(TriggerPolicy.decide(TRIGGER, 50, T0, later.minusSeconds(1), false)).as("not waited long enough")
                .isEmpty();
        assertThat(TriggerPolicy.decide(TRIGGER, 50, null, later, false)).as("nothing waited").isEmpty();
    }

    @Test
    void anOperatorCanStartAJobOnAnyPendingExample() {
        assertThat(TriggerPolicy.decide(TRIGGER, 1, T0, T0, true)).contains(new TriggerPolicy.Cut(1, "manual"));
        assertThat(TriggerPolicy.decide(TRIGGER, 0, T0, T0, true)).isEmpty();
        assertThat(TriggerPolicy.decide(TRIGGER, 300, T0, T0, true)).as("a full window is still cut at the minimum")
                .contains(new TriggerPolicy.Cut(100, "size"));
    }
}
