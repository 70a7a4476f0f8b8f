package io.lorastream.ingest.domain;

import java.time.Instant;

/**
 * A row as a producer sent it, after type checks but before the task's rules are applied.
 *
 * @param id the producer's id, may be null
 * @param text the text, may be null
 * @param label the label, may be null
 * @param weight the weight, null when absent
 * @param source the producer's origin tag, may be null
 * @param timestamp when the producer observed it, may be null
 */
public record FeedbackRow(String id, String text, String label, Double weight, String source, Instant timestamp) {
}
