package io.lorastream.ingest.domain;

/**
 * One rejected row of a request: where it was, which field broke which rule, and a sentence
 * saying so.
 *
 * @param index zero-based position of the row in the request
 * @param field the offending field, or {@code (row)} when the row as a whole is bad
 * @param rule the rule's code
 * @param message a sentence naming the field, the rule and (when short) the value
 */
public record RowRejection(int index, String field, String rule, String message) {

    /** Field name used when the row as a whole is rejected. */
    public static final String WHOLE_ROW = "(row)";

    static RowRejection of(int index, String field, RejectionRule rule, String detail) {
        String message = field + " " + rule.description() + (detail == null ? "" : ": " + detail);
        return new RowRejection(index, field, rule.code(), message);
    }
}
