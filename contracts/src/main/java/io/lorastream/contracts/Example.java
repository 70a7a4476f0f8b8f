package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One validated, labeled example as written by ingest to {@link Topics#EXAMPLES_TRAIN} or
 * {@link Topics#EXAMPLES_HOLDOUT}, keyed by task id.
 *
 * @param schemaVersion wire schema version
 * @param task task id
 * @param id the producer's id, or the content hash when it sent none
 * @param text the (possibly PII-masked) text
 * @param label a label of the task's label set
 * @param weight example weight in the loss, in (0, {@value #MAX_WEIGHT}]
 * @param source free-form origin tag from the producer (may be null)
 * @param timestamp when the producer observed the example (may be null)
 * @param contentHash hex SHA-256 of the normalized text and label: the dedup and split key
 * @param ingestedAt when ingest accepted it
 */
public record Example(int schemaVersion, String task, String id, String text, String label, double weight,
                      String source, Instant timestamp, String contentHash, Instant ingestedAt) {

    /** Largest accepted example weight. */
    public static final double MAX_WEIGHT = 100.0;

    public Example {
        SchemaVersion.check(schemaVersion, "Example");
        TaskId.require(task);
        Require.notBlank(id, "id");
        Require.notBlank(text, "text");
        Require.notBlank(label, "label");
        if (!(weight > 0 && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException("weight must be > 0 and <= " + MAX_WEIGHT + " (was " + weight + ")");
        }
        Require.notBlank(contentHash, "contentHash");
        Require.present(ingestedAt, "ingestedAt");
    }

    @JsonCreator
    static Example fromJson(@JsonProperty(value = "schemaVersion", required = true) Integer schemaVersion,
                            @JsonProperty(value = "task", required = true) String task,
                            @JsonProperty(value = "id", required = true) String id,
                            @JsonProperty(value = "text", required = true) String text,
                            @JsonProperty(value = "label", required = true) String label,
                            @JsonProperty(value = "weight", required = true) Double weight,
                            @JsonProperty("source") String source,
                            @JsonProperty("timestamp") Instant timestamp,
                            @JsonProperty(value = "contentHash", required = true) String contentHash,
                            @JsonProperty(value = "ingestedAt", required = true) Instant ingestedAt) {
        return new Example(Require.present(schemaVersion, "schemaVersion"), task, id, text, label,
                Require.present(weight, "weight"), source, timestamp, contentHash, ingestedAt);
    }
}
