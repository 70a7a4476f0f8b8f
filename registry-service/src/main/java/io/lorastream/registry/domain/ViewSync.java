package io.lorastream.registry.domain;

import java.time.Duration;

/** Lets a caller wait until this replica's view of a topic includes everything written to it before the call. */
public interface ViewSync {

    /**
     * Returns once every record on {@code topic} at the time of the call has been applied to the view.
     *
     * @throws RetriableException when that did not happen within {@code timeout} (Kafka down or far behind)
     */
    void catchUp(String topic, Duration timeout);
}
