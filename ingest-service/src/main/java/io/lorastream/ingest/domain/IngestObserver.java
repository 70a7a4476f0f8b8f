package io.lorastream.ingest.domain;

import java.time.Duration;

/** What the ingest core reports as it goes; the service turns it into metrics. */
public interface IngestObserver {

    /** Reports nothing; for tests of the core alone. */
    IngestObserver NONE = new IngestObserver() {
    };

    default void received(String task, Channel channel, int rows) {
    }

    default void rejected(String task, Channel channel, String rule) {
    }

    default void duplicate(String task, Channel channel) {
    }

    /** Rows the broker acknowledged, by split (reported once per batch). */
    default void accepted(String task, Channel channel, int train, int holdout) {
    }

    default void piiMasked(String task, PiiMasker.Kind kind, int count) {
    }

    default void deadLettered(String task, String rule) {
    }

    default void kafkaWrite(String task, Duration elapsed, boolean succeeded) {
    }
}
