package io.lorastream.registry.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithJitterUpToTheCeilingAndResets() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(backoff.next().toMillis()).isBetween(80L, 120L);
        assertThat(backoff.next().toMillis()).isBetween(160L, 240L);
        assertThat(backoff.next().toMillis()).isBetween(320L, 480L);
        assertThat(backoff.next().toMillis()).isBetween(640L, 960L);
        for (int i = 0; i < 5; i++) {
            assertThat(backoff.next().toMillis()).isBetween(800L, 1000L);
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(80L, 120L);
    }
}
