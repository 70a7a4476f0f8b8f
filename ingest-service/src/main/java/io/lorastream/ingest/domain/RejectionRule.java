package io.lorastream.ingest.domain;

/**
 * Why a row was rejected. The code is the metric tag and the DLQ header value; the description
 * is what a producer reads in the response.
 */
public enum RejectionRule {
    MALFORMED_JSON("malformed_json", "must be well-formed JSON"),
    INVALID_UTF8("invalid_utf8", "must be valid UTF-8"),
    NOT_AN_OBJECT("not_an_object", "must be a JSON object"),
    UNKNOWN_FIELD("unknown_field", "is not a field of an example (allowed: id, text, label, weight, source, timestamp)"),
    MISSING_FIELD("missing_field", "is required"),
    WRONG_TYPE("wrong_type", "has the wrong JSON type"),
    EMPTY_TEXT("empty_text", "must contain non-whitespace characters"),
    TEXT_TOO_LONG("text_too_long", "is longer than the task allows"),
    CONTROL_CHARACTERS("control_characters", "must not contain NUL or other non-printing control characters"),
    LABEL_NOT_IN_SET("label_not_in_set", "must be one of the task's labels"),
    WEIGHT_OUT_OF_RANGE("weight_out_of_range", "must be a number > 0 and <= 100"),
    INVALID_TIMESTAMP("invalid_timestamp", "must be an ISO-8601 instant such as 2026-11-25T04:17:00Z"),
    TOO_LONG("too_long", "is longer than allowed"),
    UNKNOWN_TASK("unknown_task", "must name a task registered on lorastream.tasks"),
    INVALID_TASK_ID("invalid_task_id", "must match [a-z0-9][a-z0-9-]{0,62}");

    private final String code;
    private final String description;

    RejectionRule(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Stable machine-readable code (metric tag, DLQ header). */
    public String code() {
        return code;
    }

    /** The rule in words. */
    public String description() {
        return description;
    }
}
