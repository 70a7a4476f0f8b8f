package io.lorastream.trainer.domain;

import static io.lorastream.trainer.domain.Examples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.TrainingTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class TaskBufferTest {

    private static final TrainingTrigger TRIGGER = new TrainingTrigger(3, Duration.ofMinutes(10), 2);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final TaskBuffer.Planner PLANNER = (task, ranges, count, reason, now) ->
            new WindowPlan(WindowPlan.CURRENT_SCHEMA, task, VersionNaming.versionOf(task, ranges, now), ranges, count,
                    reason, now);

    private static IntToLongFunction position(long next) {
        return partition -> next;
    }

    @Test
    void aWindowIsTheOldestPendingExamplesAndTheRestWait() {
        TaskBuffer buffer = new TaskBuffer("spam", TaskLedger.EMPTY);
        for (int i = 0; i < 5; i++) {
            assertThat(buffer.accept(at(2, 10 + i, "spam", "mail " + i, "ham"), NOW)).isEqualTo(TaskBuffer.Route.PENDING);
        }

        PlannedWindow window = buffer.nextJob(TRIGGER, position(15), NOW, PLANNER).orElseThrow();

        assertThat(window.plan().ranges()).containsExactly(new OffsetRange(Topics.EXAMPLES_TRAIN, 2, 10, 12));
        assertThat(window.plan().exampleCount()).isEqualTo(3);
        assertThat(window.plan().reason()).isEqualTo("size");
        assertThat(window.examples()).extracting(SourcedExample::offset).containsExactly(10L, 11L, 12L);
        assertThat(buffer.pendingCount()).isEqualTo(2);
        assertThat(buffer.nextJob(TRIGGER, position(15), NOW, PLANNER)).as("one job at a time").isEmpty();
    }

    @Test
    void offsetsCanBeCommittedOnlyUpToTheFirstExampleNotYetTrained() {
        TaskBuffer buffer = new TaskBuffer("spam", TaskLedger.EMPTY);
        for (int i = 0; i < 5; i++) {
            buffer.accept(at(0, 100 + i, "spam", "text " + i, "ham"), NOW);
        }
        assertThat(buffer.firstUnfinishedOffset(0)).hasValue(100);
        assertThat(buffer.firstUnfinishedOffset(1)).isEmpty();

        PlannedWindow window = buffer.nextJob(TRIGGER, position(105), NOW, PLANNER).orElseThrow();
        assertThat(buffer.firstUnfinishedOffset(0)).as("the running window still holds 100").hasValue(100);

        buffer.finished(window.plan().version(), NOW);
        assertThat(buffer.firstUnfinishedOffset(0)).as("only the pending rest holds offsets back").hasValue(103);
    }

    @Test
    void examplesReadAgainAfterARestartAreSkippedWhenTrainedAndCollectedWhenTheirWindowIsUnfinished() {
        List<OffsetRange> unfinished = List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 10, 12));
        WindowPlan plan = PLANNER.plan("spam", unfinished, 3, "size", NOW);
        TaskBuffer buffer = new TaskBuffer("spam", new TaskLedger(Map.of(0, 12L),
                List.of(new TaskLedger.UnfinishedWindow(plan, false))));

        assertThat(buffer.accept(at(0, 5, "spam", "old", "ham"), NOW)).isEqualTo(TaskBuffer.Route.ALREADY_TRAINED);
        assertThat(buffer.accept(at(0, 10, "spam", "a", "ham"), NOW)).isEqualTo(TaskBuffer.Route.WINDOW);
        assertThat(buffer.accept(at(0, 11, "spam", "b", "spam"), NOW)).isEqualTo(TaskBuffer.Route.WINDOW);
        assertThat(buffer.nextJob(TRIGGER, position(12), NOW, PLANNER)).as("offset 12 not read yet").isEmpty();
        assertThat(buffer.accept(at(0, 12, "spam", "c", "ham"), NOW)).isEqualTo(TaskBuffer.Route.WINDOW);
        assertThat(buffer.accept(at(0, 13, "spam", "d", "ham"), NOW)).isEqualTo(TaskBuffer.Route.PENDING);

        PlannedWindow again = buffer.nextJob(TRIGGER, position(14), NOW, PLANNER).orElseThrow();

        assertThat(again.plan()).as("the same window, under the same version").isEqualTo(plan);
        assertThat(again.examples()).extracting(SourcedExample::offset).containsExactly(10L, 11L, 12L);
        assertThat(buffer.firstUnfinishedOffset(0)).hasValue(10);
    }

    @Test
    void aRecoveredWindowWhoseRecordsAreGoneIsTrainedOnWhatIsLeftOnceReadPast() {
        WindowPlan plan = PLANNER.plan("spam", List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 10, 12)), 3, "size", NOW);
        TaskBuffer buffer = new TaskBuffer("spam", new TaskLedger(Map.of(0, 12L),
                List.of(new TaskLedger.UnfinishedWindow(plan, false))));
        buffer.accept(at(0, 11, "spam", "only one left", "ham"), NOW);

        assertThat(buffer.nextJob(TRIGGER, position(20), NOW, PLANNER)).get()
                .extracting(w -> w.examples().size()).isEqualTo(1);
    }

    @Test
    void duplicatesOfBufferedContentAreDropped() {
        TaskBuffer buffer = new TaskBuffer("spam", TaskLedger.EMPTY);
        assertThat(buffer.accept(at(0, 1, "spam", "same", "ham"), NOW)).isEqualTo(TaskBuffer.Route.PENDING);
        assertThat(buffer.accept(at(0, 2, "spam", "same", "ham"), NOW)).isEqualTo(TaskBuffer.Route.DUPLICATE);
        assertThat(buffer.pendingCount()).isEqualTo(1);
    }

    @Test
    void aCancelledWindowWaitsItsHoldUnlessAnOperatorAsks() {
        TaskBuffer buffer = new TaskBuffer("spam", TaskLedger.EMPTY);
        for (int i = 0; i < 3; i++) {
            buffer.accept(at(0, i, "spam", "x" + i, "ham"), NOW);
        }
        PlannedWindow window = buffer.nextJob(TRIGGER, position(3), NOW, PLANNER).orElseThrow();
        buffer.cancelled(window.plan().version(), NOW, Duration.ofMinutes(5));

        assertThat(buffer.nextJob(TRIGGER, position(3), NOW.plusSeconds(60), PLANNER)).isEmpty();
        assertThat(buffer.nextJob(TRIGGER, position(3), NOW.plusSeconds(301), PLANNER)).get()
                .extracting(w -> w.plan().version()).isEqualTo(window.plan().version());
        buffer.cancelled(window.plan().version(), NOW, Duration.ofMinutes(5));
        buffer.requestJob();
        assertThat(buffer.nextJob(TRIGGER, position(3), NOW.plusSeconds(1), PLANNER)).isPresent();
    }

    @Test
    void afterTheWaitAShortWindowIsCutAndTheWaitRestartsAfterEachJob() {
        TaskBuffer buffer = new TaskBuffer("spam", TaskLedger.EMPTY);
        buffer.accept(at(0, 0, "spam", "a", "ham"), NOW);
        buffer.accept(at(0, 1, "spam", "b", "spam"), NOW);
        assertThat(buffer.nextJob(TRIGGER, position(2), NOW.plusSeconds(30), PLANNER)).isEmpty();

        PlannedWindow window = buffer.nextJob(TRIGGER, position(2), NOW.plus(Duration.ofMinutes(10)), PLANNER)
                .orElseThrow();
        assertThat(window.plan().reason()).isEqualTo("timeout");
        buffer.finished(window.plan().version(), NOW.plus(Duration.ofMinutes(11)));

        buffer.accept(at(0, 2, "spam", "c", "ham"), NOW.plus(Duration.ofMinutes(11)));
        buffer.accept(at(0, 3, "spam", "d", "ham"), NOW.plus(Duration.ofMinutes(11)));
        assertThat(buffer.nextJob(TRIGGER, position(4), NOW.plus(Duration.ofMinutes(20)), PLANNER)).isEmpty();
        assertThat(buffer.nextJob(TRIGGER, position(4), NOW.plus(Duration.ofMinutes(21)), PLANNER)).isPresent();
    }

    @Test
    void finishingAWindowThatIsNotRunningIsABug() {
        TaskBuffer buffer = new TaskBuffer("spam", TaskLedger.EMPTY);
        assertThatThrownBy(() -> buffer.finished("v20261201T100000Z-abc", NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void versionsNameTheWindowNotTheMoment() {
        List<OffsetRange> ranges = List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 3, 7, 9));
        String a = VersionNaming.versionOf("spam", ranges, NOW);
        assertThat(VersionNaming.versionOf("spam", ranges, NOW)).isEqualTo(a);
        assertThat(VersionNaming.versionOf("spam", List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 3, 7, 10)), NOW))
                .isNotEqualTo(a);
        assertThat(VersionNaming.versionOf("other", ranges, NOW)).isNotEqualTo(a);
        assertThat(a).startsWith("v20261201T100000Z-").matches(io.lorastream.contracts.VersionId.RULE);
    }
}
