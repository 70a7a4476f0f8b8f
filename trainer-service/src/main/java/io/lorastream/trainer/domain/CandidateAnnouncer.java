package io.lorastream.trainer.domain;

import io.lorastream.contracts.CandidateEvent;

/** Publishes a candidate on {@code lorastream.adapters.candidates}, returning once Kafka acknowledged it. */
@FunctionalInterface
public interface CandidateAnnouncer {

    /** @throws Retrier.TransientException when Kafka could not be reached or did not acknowledge in time */
    void announce(CandidateEvent candidate);
}
