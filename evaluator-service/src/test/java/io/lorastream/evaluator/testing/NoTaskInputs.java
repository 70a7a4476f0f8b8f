package io.lorastream.evaluator.testing;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.evaluator.domain.EvalItem;
import io.lorastream.evaluator.domain.EvaluationInputs;
import io.lorastream.evaluator.domain.EvaluationSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluation inputs that know no task, no champion, no held-out data and no golden set: the judge rejects every
 * candidate with {@code task_spec} without needing a model. Counts the task-spec look-ups (one per evaluation).
 */
public class NoTaskInputs implements EvaluationInputs {

    public final AtomicInteger specLookups = new AtomicInteger();

    @Override
    public Optional<TaskSpec> taskSpec(String task) {
        specLookups.incrementAndGet();
        return Optional.empty();
    }

    @Override
    public Optional<ChampionEvent> champion(String task) {
        return Optional.empty();
    }

    @Override
    public EvaluationSnapshot heldOut(String task) {
        return EvaluationSnapshot.EMPTY;
    }

    @Override
    public Optional<List<EvalItem>> goldenSet(String task) {
        return Optional.empty();
    }
}
