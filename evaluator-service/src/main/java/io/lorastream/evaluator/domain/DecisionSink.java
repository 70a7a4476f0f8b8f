package io.lorastream.evaluator.domain;

import io.lorastream.contracts.DecisionEvent;

/** Publishes decisions on {@code lorastream.adapters.decisions}. */
public interface DecisionSink {

    /**
     * Publishes and waits for the broker's acknowledgement.
     *
     * @throws TransientException when it was not acknowledged
     */
    void publish(DecisionEvent decision);
}
