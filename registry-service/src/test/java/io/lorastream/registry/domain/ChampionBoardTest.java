package io.lorastream.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.SchemaVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChampionBoardTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static ChampionEvent champion(String version, long secondsAfterT0) {
        return new ChampionEvent(SchemaVersion.CURRENT, "spam", version, null, "approved", "all-minilm-l6-v2",
                "adapters/spam/" + version + "/", Map.of("adapter_model.safetensors", "0".repeat(64)),
                T0.plusSeconds(secondsAfterT0));
    }

    @Test
    void servesOnlyForwardInTimeButRemembersTheTopicsLastRecord() {
        ChampionBoard board = new ChampionBoard();
        List<String> seen = new ArrayList<>();
        board.subscribe(c -> seen.add(c.version()));
        assertThat(board.apply(champion("v20261201T000100Z-a", 10))).isTrue();
        assertThat(board.apply(champion("v20261201T000200Z-b", 20))).isTrue();
        assertThat(board.apply(champion("v20261201T000100Z-a", 10))).as("a late copy of an older change").isFalse();
        assertThat(board.apply(champion("v20261201T000200Z-b", 20))).as("a re-published change").isFalse();
        assertThat(board.current("spam")).map(ChampionEvent::version).contains("v20261201T000200Z-b");
        assertThat(board.lastRecord("spam")).map(ChampionEvent::version).contains("v20261201T000200Z-b");
        assertThat(seen).containsExactly("v20261201T000100Z-a", "v20261201T000200Z-b");

        board.apply(champion("v20261201T000100Z-a", 10));
        assertThat(board.lastRecord("spam")).map(ChampionEvent::version).contains("v20261201T000100Z-a");
        assertThat(board.current("spam")).map(ChampionEvent::version).contains("v20261201T000200Z-b");
    }

    @Test
    void longPollWaitersWakeOnAChangeAndOnlyThen() throws Exception {
        ChampionBoard board = new ChampionBoard();
        board.apply(champion("v20261201T000100Z-a", 10));
        assertThat(board.awaitChange("spam", null, Duration.ofSeconds(5)).get()).isPresent();
        assertThat(board.awaitChange("spam", "v20261201T000000Z-old", Duration.ofSeconds(5)).get(1, TimeUnit.SECONDS))
                .map(ChampionEvent::version).contains("v20261201T000100Z-a");

        CompletableFuture<Optional<ChampionEvent>> waiting = board.awaitChange("spam", "v20261201T000100Z-a",
                Duration.ofSeconds(30));
        CompletableFuture<Optional<ChampionEvent>> otherTask = board.awaitChange("ham", null, Duration.ofSeconds(30));
        assertThat(board.waiters()).isEqualTo(2);
        board.apply(champion("v20261201T000100Z-a", 10));
        assertThat(waiting).isNotDone();
        board.apply(champion("v20261201T000200Z-b", 20));
        assertThat(waiting.get(1, TimeUnit.SECONDS)).map(ChampionEvent::version).contains("v20261201T000200Z-b");
        assertThat(otherTask).isNotDone();
        assertThat(board.waiters()).isEqualTo(1);
        otherTask.cancel(true);

        CompletableFuture<Optional<ChampionEvent>> timesOut = board.awaitChange("spam", "v20261201T000200Z-b",
                Duration.ofMillis(200));
        assertThat(timesOut.get(5, TimeUnit.SECONDS)).map(ChampionEvent::version).contains("v20261201T000200Z-b");
    }

    @Test
    void aTaskLeavesTheWaitingListWithItsLastLongPoll() throws Exception {
        ChampionBoard board = new ChampionBoard();
        List<CompletableFuture<Optional<ChampionEvent>>> polls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            polls.add(board.awaitChange("nobody-" + i, null, Duration.ofMillis(100)));
        }
        polls.add(board.awaitChange("spam", null, Duration.ofSeconds(30)));
        assertThat(board.tasksWaitedOn()).isEqualTo(51);
        for (int i = 0; i < 50; i++) {
            assertThat(polls.get(i).get(5, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(board.tasksWaitedOn()).as("only the task still waited on").isEqualTo(1);
        board.apply(champion("v20261201T000100Z-a", 10));
        assertThat(polls.get(50).get(5, TimeUnit.SECONDS)).map(ChampionEvent::version).contains("v20261201T000100Z-a");
        assertThat(board.tasksWaitedOn()).isZero();
        assertThat(board.waiters()).isZero();
    }
}
