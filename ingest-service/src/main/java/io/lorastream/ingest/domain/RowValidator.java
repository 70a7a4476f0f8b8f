package io.lorastream.ingest.domain;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns one untrusted row ({@code {id?, text, label, weight?, source?, timestamp?}}) into a
 * {@link FeedbackRow} that satisfies the task's rules, or into the first rule it breaks.
 */
public final class RowValidator {

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
    public Outcome validate(int index, RawRow row, TaskSpec spec) {
        if (row.notAnObjectType() != null) {
            return reject(index, RowRejection.WHOLE_ROW, RejectionRule.NOT_AN_OBJECT, "got " + row.notAnObjectType());
        }
        if (row.unknownField() != null) {
            return reject(index, row.unknownField(), RejectionRule.UNKNOWN_FIELD, null);
        }
        try {
            String text = requiredString(index, row, RawRow.Field.TEXT);
            String label = requiredString(index, row, RawRow.Field.LABEL);
            String id = optionalString(index, row, RawRow.Field.ID);
            String source = optionalString(index, row, RawRow.Field.SOURCE);
            Double weight = optionalNumber(index, row, RawRow.Field.WEIGHT);
            Instant timestamp = optionalInstant(index, row, RawRow.Field.TIMESTAMP);

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

    private static String requiredString(int index, RawRow row, RawRow.Field field) {
        String value = optionalString(index, row, field);
        if (value == null) {
            throw new Rejected(RowRejection.of(index, field.json, RejectionRule.MISSING_FIELD, null));
        }
        return value;
    }

    private static String optionalString(int index, RawRow row, RawRow.Field field) {
        return (String) optionalValue(index, row, field, "a string");
    }

    private static Double optionalNumber(int index, RawRow row, RawRow.Field field) {
        return (Double) optionalValue(index, row, field, "a number");
    }

    /** The field's value (null when absent), or the wrong-type rejection naming what it was instead. */
    private static Object optionalValue(int index, RawRow row, RawRow.Field field, String expected) {
        String wrongType = row.wrongType(field);
        if (wrongType != null) {
            throw new Rejected(RowRejection.of(index, field.json, RejectionRule.WRONG_TYPE,
                    "expected " + expected + ", got " + wrongType));
        }
        return row.value(field);
    }

    private static Instant optionalInstant(int index, RawRow row, RawRow.Field field) {
        String value = optionalString(index, row, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Rejected(RowRejection.of(index, field.json, RejectionRule.INVALID_TIMESTAMP,
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
