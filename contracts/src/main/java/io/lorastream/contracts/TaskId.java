package io.lorastream.contracts;

/**
 * The task-id rule: lowercase {@code [a-z0-9][a-z0-9-]{0,62}}. Task ids become Kafka keys,
 * S3 path segments and metric tags, so anything that could escape a path or a label is refused.
 */
public final class TaskId {

    /** The rule as a regular expression, quoted in every error message. */
    public static final String RULE = "[a-z0-9][a-z0-9-]{0,62}";

    /** The longest id the rule allows. */
    public static final int MAX_LENGTH = 63;

    private TaskId() {
    }

    /**
     * True when {@code candidate} follows the task-id rule. A loop over the characters rather than
     * {@link #RULE} compiled as a regex: every {@link Example} checks its task, so ingest runs this once a
     * row, and the regex matcher was a tenth of the service's worker CPU under the ingest benchmark.
     */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && (c != '-' || i == 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code candidate} unchanged when it is a valid task id.
     *
     * @throws InvalidTaskIdException naming the rule when it is not
     */
    public static String require(String candidate) {
        if (!isValid(candidate)) {
            throw new InvalidTaskIdException(candidate);
        }
        return candidate;
    }

    /** A task id that breaks the rule; the message names the id and the rule. */
    public static final class InvalidTaskIdException extends IllegalArgumentException {
        private final String taskId;

        public InvalidTaskIdException(String taskId) {
            super("task id " + describe(taskId) + " is invalid: it must match " + RULE
                    + " (lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters)");
            this.taskId = taskId;
        }

        /** The rejected id, possibly {@code null}. */
        public String taskId() {
            return taskId;
        }

        private static String describe(String id) {
            if (id == null) {
                return "(null)";
            }
            String shown = id.length() > 80 ? id.substring(0, 80) + "…" : id;
            return "'" + shown + "'";
        }
    }
}
