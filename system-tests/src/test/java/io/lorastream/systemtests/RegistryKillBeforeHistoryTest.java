package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry SIGKILLed between the two halves of a promotion: it has copied the approved candidate's files to
 * {@code adapters/<task>/<version>/} (and written {@code evaluation.json} beside them) and is about to append the
 * champion-history entry, so there is no history entry, no champion event and no recorded outcome yet. It is
 * stopped exactly there by holding its conditional PUT of the entry on its link to S3 (the request never reaches
 * S3), killed while it waits for the answer, and started again with the link passing everything.
 */
@ExtendWith(SharedSystem.class)
class RegistryKillBeforeHistoryTest {

    private static final String TASK = "fault-registry-kill-before-history";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRegistryKilledAfterCopyingTheFilesBeforeTheHistoryEntryPromotesOnceAfterRestart(RunningSystem system)
            throws Exception {
        system.putTask(FaultTasks.task(TASK, 1, 4));
        String historyPut = "PUT /" + system.stack().bucket() + "/" + ObjectLayout.adaptersPrefix(TASK) + "champion-history/";
        CompletableFuture<String> held = system.registryS3().holdFirstRequestContaining(historyPut);
        ExampleFeeder feeder = new ExampleFeeder(system, TASK, TASK, 40);
        PipelineAudit audit = new PipelineAudit(system, TASK);
        feeder.sendBatch();
        CandidateEvent candidate = audit.awaitCandidates(1, TIMEOUT).get(0);
        DecisionEvent decision = audit.awaitDecision(candidate.version(), TIMEOUT);
        assertThat(decision.approved()).as("the open gate approves: %s", decision.checks()).isTrue();
        String request = awaitHeld(held, system);
        assertThat(request).as("the held request").startsWith(historyPut);

        system.registry().kill();

        // Killed in the window: every file copied and identical, the decision beside them; no history, no event.
        String promoted = ObjectLayout.adapterPrefix(TASK, candidate.version());
        assertPromotedFilesIdentical(system, candidate, "before the kill");
        assertThat(system.objects().find(promoted + "evaluation.json").map(b -> ContractJson.fromBytes(b, DecisionEvent.class)))
                .as("evaluation.json beside the promoted files before the kill").contains(decision);
        assertThat(audit.historyVersions()).as("champion-history entries of %s before the kill", TASK).isEmpty();
        assertThat(system.topics().values(Topics.ADAPTERS_CHAMPIONS, TASK, ChampionEvent.class))
                .as("champion events of %s before the kill", TASK).isEmpty();
        assertThat(audit.outcomeRecorded(candidate.version())).as("an outcome recorded before the kill").isFalse();

        system.registry().start();
        system.registry().awaitReady(RunningSystem.START_TIMEOUT);

        audit.assertEveryAcknowledgedExampleExactlyOnce(feeder.acknowledged());
        audit.assertEndState(TIMEOUT);
        assertThat(audit.recordedOutcome(candidate.version())).as("outcome of the decision on %s after the restart",
                candidate.version()).contains("PROMOTED");
        assertThat(audit.historyVersions()).as("champion history of %s after the restart", TASK)
                .containsExactly(candidate.version());
        assertThat(audit.champions().api()).as("the champion after the restart").isEqualTo(candidate.version());
        assertPromotedFilesIdentical(system, candidate, "after the restart");
    }

    /** Waits for the registry's history PUT to be held; says what the registry did instead when it is not. */
    private static String awaitHeld(CompletableFuture<String> held, RunningSystem system) throws Exception {
        try {
            return held.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the registry did not try to write the champion-history entry of " + TASK
                    + " within " + TIMEOUT + "; its log ends with:\n" + system.registry().logTail(30), e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** Every file of the candidate is at its promoted place with the candidate's bytes (SHA-256 of the content). */
    private static void assertPromotedFilesIdentical(RunningSystem system, CandidateEvent candidate, String when) {
        String from = ObjectLayout.candidatePrefix(TASK, candidate.version());
        String to = ObjectLayout.adapterPrefix(TASK, candidate.version());
        assertThat(candidate.files()).as("files of candidate %s", candidate.version()).isNotEmpty();
        for (Map.Entry<String, String> file : candidate.files().entrySet()) {
            assertThat(system.objects().stat(to + file.getKey())).as("%s%s %s", to, file.getKey(), when).isPresent();
            assertThat(system.store().sha256Of(to + file.getKey())).as("SHA-256 of %s%s %s", to, file.getKey(), when)
                    .isEqualTo(file.getValue())
                    .isEqualTo(system.store().sha256Of(from + file.getKey()));
        }
    }
}
