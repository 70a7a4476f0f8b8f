package io.lorastream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The evaluator SIGKILLed in the middle of an evaluation, then started again on the same port and data. */
@ExtendWith(SharedSystem.class)
class EvaluatorKillTest {

    private static final String TASK = "fault-evaluator-kill";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Scored by both models at every evaluation: makes one last seconds, long enough to be caught in it. */
    private static final int GOLDEN_ITEMS = 3000;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anEvaluatorKilledMidEvaluationDecidesEveryCandidateOnce(RunningSystem system) {
        system.putTask(FaultTasks.task(TASK, 1, 4));
        String golden = IntStream.range(0, GOLDEN_ITEMS).mapToObj(i -> "{\"text\":\"" + FaultTasks.text("golden", i)
                + "\",\"label\":\"" + FaultTasks.label(i) + "\"}").collect(Collectors.joining("\n", "", "\n"));
        system.objects().put("golden/" + TASK + ".jsonl", golden.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        ExampleFeeder feeder = new ExampleFeeder(system, TASK, TASK, 40);
        feeder.sendBatch();
        PipelineAudit audit = new PipelineAudit(system, TASK);
        CandidateEvent candidate = audit.awaitCandidates(1, TIMEOUT).get(0);
        Await.until("the evaluator to start evaluating " + candidate.version(), TIMEOUT,
                () -> system.evaluator().logHasLine(TASK + " " + candidate.version() + ": evaluating"), ok -> ok);

        system.evaluator().kill();

        assertThat(audit.decisions()).as("no decision published before the kill: it was mid-evaluation").isEmpty();
        assertThat(audit.recordedDecision(candidate.version())).as("no decision recorded before the kill").isEmpty();
        system.evaluator().start();
        system.evaluator().awaitReady(RunningSystem.START_TIMEOUT);
        feeder.sendBatch();

        audit.assertEveryAcknowledgedExampleExactlyOnce(feeder.acknowledged());
        audit.assertEndState(TIMEOUT);
        assertThat(audit.recordedDecision(candidate.version())).as("the interrupted candidate decided after the restart")
                .isPresent();
    }
}
