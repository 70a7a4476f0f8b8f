package io.lorastream.evaluator.store;

import java.util.List;
import java.util.Map;

/**
 * The evaluation sets of the tasks on one holdout partition, and the offset they cover: every record before
 * {@code nextOffset} is in them. Restoring it and reading on from {@code nextOffset} gives the same sets as
 * reading the partition from its beginning.
 *
 * @param format checkpoint format version
 * @param topic the holdout topic
 * @param partition its partition
 * @param nextOffset first offset not yet in the sets
 * @param windowSize the window size the sets were built with
 * @param retentionSize the retention size they were built with
 * @param timeSliceMillis the retention time slice they were built with
 * @param writtenAtMillis when the checkpoint was written
 * @param tasks task id → its sets
 */
public record SetCheckpoint(int format, String topic, int partition, long nextOffset, int windowSize,
                            int retentionSize, long timeSliceMillis, long writtenAtMillis, Map<String, TaskSets> tasks) {

    public static final int FORMAT = 1;

    /**
     * @param window held-out window, oldest first
     * @param retention retention sample
     */
    public record TaskSets(List<Item> window, List<Item> retention) {
    }

    /**
     * @param text the text
     * @param label its label
     * @param key the content hash
     * @param at ingest time, ISO-8601 (exact to the nanosecond, as Kafka's records carry it)
     */
    public record Item(String text, String label, String key, String at) {
    }
}
