package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingWritesTest {

    @Test
    void isDoneOnceEveryRowHasAnOutcomeAndKeepsTheFirstFailure() throws Exception {
        PendingWrites pending = new PendingWrites(3);
        pending.callbackFor(0).completed(null);
        pending.callbackFor(2).completed(new IllegalStateException("first"));
        assertThat(pending.allDone()).as("row 1 is still outstanding").isNotDone();

        pending.callbackFor(1).completed(new IllegalStateException("second"));

        assertThat(pending.allDone()).isCompleted();
        assertThat(pending.isAcknowledged(0)).isTrue();
        assertThat(pending.hasFailed(1)).isTrue();
        assertThat(pending.firstFailure()).hasMessage("first");
    }

    @Test
    void aLateAcknowledgementCannotReviveARowAlreadyCountedAsFailed() throws Exception {
        PendingWrites pending = new PendingWrites(1);
        pending.fail(0, new IllegalStateException("timed out"));

        pending.callbackFor(0).completed(null);

        assertThat(pending.isAcknowledged(0)).isFalse();
        assertThat(pending.hasFailed(0)).isTrue();
        assertThat(pending.allDone()).isCompleted();
    }
}
