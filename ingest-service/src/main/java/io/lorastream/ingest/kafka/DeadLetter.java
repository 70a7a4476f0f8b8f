package io.lorastream.ingest.kafka;

/**
 * A rejected feedback record on its way to the DLQ: the original key and value unchanged, and
 * why it was rejected.
 *
 * @param key original key (the task id), may be null
 * @param value original value bytes, may be null
 * @param reason a sentence naming the field and the rule
 * @param field the offending field, or {@code (row)}
 * @param rule the rule's code
 * @param originalTopic topic the record came from
 * @param originalPartition partition it came from
 * @param originalOffset offset it had there
 */
public record DeadLetter(String key, byte[] value, String reason, String field, String rule,
                         String originalTopic, int originalPartition, long originalOffset) {

    /** Header with a sentence naming the field and the rule. */
    public static final String REASON = "lorastream.dlq.reason";
    /** Header with the offending field. */
    public static final String FIELD = "lorastream.dlq.field";
    /** Header with the rule's code (see RejectionRule). */
    public static final String RULE = "lorastream.dlq.rule";
    /** Header with the topic the record came from. */
    public static final String ORIGINAL_TOPIC = "lorastream.dlq.original.topic";
    /** Header with the partition the record came from. */
    public static final String ORIGINAL_PARTITION = "lorastream.dlq.original.partition";
    /** Header with the offset the record had. */
    public static final String ORIGINAL_OFFSET = "lorastream.dlq.original.offset";
}
