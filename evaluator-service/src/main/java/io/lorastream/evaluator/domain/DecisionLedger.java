package io.lorastream.evaluator.domain;

import io.lorastream.contracts.DecisionEvent;
import java.util.Optional;

/** Where decisions are kept for good: {@code candidates/<task>/<version>/evaluation.json}. */
public interface DecisionLedger {

    /**
     * The decision already recorded for a candidate.
     *
     * @throws TransientException when the store cannot be reached
     */
    Optional<DecisionEvent> find(String task, String version);

    /**
     * Records {@code decision} unless one is already recorded for the candidate, and returns the one that is
     * recorded now: the first decision always wins, so a candidate never has two different verdicts.
     *
     * @throws TransientException when the store cannot be reached
     */
    DecisionEvent recordIfAbsent(DecisionEvent decision);
}
