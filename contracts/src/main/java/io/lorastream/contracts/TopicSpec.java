package io.lorastream.contracts;

import java.time.Duration;
import java.util.Objects;

/**
 * How one lorastream topic is laid out: its name, partition count and retention.
 *
 * @param name topic name
 * @param partitions partition count; keyed by task id, so more partitions spread tasks over more replicas
 * @param compacted true for topics holding the latest value per key (task specs, champions)
 * @param retention how long records are kept on a non-compacted topic; {@code null} means forever
 */
public record TopicSpec(String name, int partitions, boolean compacted, Duration retention) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 for topic " + name);
        }
    }

    /** The {@code cleanup.policy} topic config value for this topic. */
    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }

    /** The {@code retention.ms} topic config value: {@code -1} (forever) when no retention is set. */
    public long retentionMs() {
        return retention == null ? -1L : retention.toMillis();
    }
}
