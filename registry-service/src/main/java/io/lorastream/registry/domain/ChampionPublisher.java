package io.lorastream.registry.domain;

import io.lorastream.contracts.ChampionEvent;

/** Writes champion changes to the compacted champions topic. */
public interface ChampionPublisher {

    /**
     * Publishes {@code event} and returns once Kafka has acknowledged it.
     *
     * @throws RetriableException when Kafka did not acknowledge it (the caller retries)
     */
    void publish(ChampionEvent event);
}
