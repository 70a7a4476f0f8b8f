package io.lorastream.evaluator.domain;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.TaskSpec;
import java.util.List;
import java.util.Optional;

/** What an evaluation reads besides the models: task specs, champions, held-out sets and golden sets. */
public interface EvaluationInputs {

    Optional<TaskSpec> taskSpec(String task);

    Optional<ChampionEvent> champion(String task);

    /**
     * The task's evaluation sets, after reading every held-out example published before this call (or as many as
     * arrived within the catch-up timeout).
     */
    EvaluationSnapshot heldOut(String task);

    /**
     * The operator's golden set of the task, empty when there is none.
     *
     * @throws GoldenSetException when it exists but is unusable
     * @throws TransientException when the store cannot be reached
     */
    Optional<List<EvalItem>> goldenSet(String task);
}
