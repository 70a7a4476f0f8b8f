package io.lorastream.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Turns one untrusted row ({@code {id?, text, label, weight?, source?, timestamp?}}) into a
 * {@link FeedbackRow} that satisfies the task's rules, or into the first rule it breaks.
 */
public final class RowValidator {

    private static final Set<String> FIELDS = Set.of("id", "text", "label", "weight", "source", "timestamp");

    private final int maxIdChars;
    private final int maxSourceChars;

    /**
     * @param maxIdChars longest accepted {@code id}
     * @param maxSourceChars longest accepted {@code source}
     */
    public RowValidator(int maxIdChars, int maxSourceChars) {
        this.maxIdChars = maxIdChars;
        this.maxSourceChars = maxSourceChars;
    }

    /** The outcome for one row: exactly one of {@code row} and {@code rejection} is set. */
    public record Outcome(FeedbackRow row, RowRejection rejection) {
        static Outcome valid(FeedbackRow row) {
            return new Outcome(row, null);
        }

        static Outcome rejected(RowRejection rejection) {
            return new Outcome(null, rejection);
        }

        public boolean isValid() {
            return row != null;
        }
    }

    /** Validates the row at {@code index} against {@code spec}. */
    public Outcome validate(int index, JsonNode node, TaskSpec spec) {
        if (node == null || !node.isObject()) {
            return reject(index, RowRejection.WHOLE_ROW, RejectionRule.NOT_AN_OBJECT,
                    "got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return reject(index, name, RejectionRule.UNKNOWN_FIELD, null);
            }
        }
        try {
            String text = requiredString(index, node, "text");
            String label = requiredString(index, node, "label");
            String id = optionalString(index, node, "id");
            String source = optionalString(index, node, "source");
            Double weight = optionalNumber(index, node, "weight");
            Instant timestamp = optionalInstant(index, node, "timestamp");

            if (text.isBlank()) {
                throw new Rejected(RowRejection.of(index, "text", RejectionRule.EMPTY_TEXT, null));
            }
            if (text.length() > spec.maxTextChars()) {
                throw new Rejected(RowRejection.of(index, "text", RejectionRule.TEXT_TOO_LONG,
                        text.length() + " characters, the limit is " + spec.maxTextChars()));
            }
            if (hasControlCharacters(text)) {
                throw new Rejected(RowRejection.of(index, "text", RejectionRule.CONTROL_CHARACTERS, null));
            }
            if (!spec.hasLabel(label)) {
                throw new Rejected(RowRejection.of(index, "label", RejectionRule.LABEL_NOT_IN_SET,
                        "'" + shorten(label) + "' is not in " + spec.labels()));
            }
            if (weight != null && !(weight > 0 && weight <= Example.MAX_WEIGHT)) {
                throw new Rejected(RowRejection.of(index, "weight", RejectionRule.WEIGHT_OUT_OF_RANGE, "got " + weight));
            }
            checkLength(index, "id", id, maxIdChars);
            checkLength(index, "source", source, maxSourceChars);
            if (id != null && (id.isBlank() || hasControlCharacters(id))) {
                throw new Rejected(RowRejection.of(index, "id", RejectionRule.CONTROL_CHARACTERS,
                        "ids must be non-blank printable text"));
            }
            return Outcome.valid(new FeedbackRow(id, text, label, weight, source, timestamp));
        } catch (Rejected rejected) {
            return Outcome.rejected(rejected.rejection);
        }
    }

    private static Outcome reject(int index, String field, RejectionRule rule, String detail) {
        return Outcome.rejected(RowRejection.of(index, field, rule, detail));
    }

    private static String requiredString(int index, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new Rejected(RowRejection.of(index, field, RejectionRule.MISSING_FIELD, null));
        }
        if (!value.isTextual()) {
            throw new Rejected(RowRejection.of(index, field, RejectionRule.WRONG_TYPE,
                    "expected a string, got " + value.getNodeType().name().toLowerCase()));
        }
        return value.textValue();
    }

    private static String optionalString(int index, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Rejected(RowRejection.of(index, field, RejectionRule.WRONG_TYPE,
                    "expected a string, got " + value.getNodeType().name().toLowerCase()));
        }
        return value.textValue();
    }

    private static Double optionalNumber(int index, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new Rejected(RowRejection.of(index, field, RejectionRule.WRONG_TYPE,
                    "expected a number, got " + value.getNodeType().name().toLowerCase()));
        }
        return value.doubleValue();
    }

    private static Instant optionalInstant(int index, JsonNode node, String field) {
        String value = optionalString(index, node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Rejected(RowRejection.of(index, field, RejectionRule.INVALID_TIMESTAMP,
                    "got '" + shorten(value) + "'"));
        }
    }

    private static void checkLength(int index, String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new Rejected(RowRejection.of(index, field, RejectionRule.TOO_LONG,
                    value.length() + " characters, the limit is " + max));
        }
    }

    /** Tab, newline and carriage return are ordinary in texts; other C0 controls and DEL are not. */
    static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    /** Carries a rejection out of the nested checks; never escapes this class. */
    private static final class Rejected extends RuntimeException {
        private final RowRejection rejection;

        Rejected(RowRejection rejection) {
            super(null, null, false, false);
            this.rejection = rejection;
        }
    }
}
