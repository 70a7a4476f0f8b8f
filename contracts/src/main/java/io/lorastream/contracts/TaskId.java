package io.lorastream.contracts;

import java.util.regex.Pattern;

/**
 * The task-id rule: lowercase {@code [a-z0-9][a-z0-9-]{0,62}}. Task ids become Kafka keys,
 * S3 path segments and metric tags, so anything that could escape a path or a label is refused.
 */
public final class TaskId {

    /** The rule as a regular expression, quoted in every error message. */
    public static final String RULE = "[a-z0-9][a-z0-9-]{0,62}";

    private static final Pattern PATTERN = Pattern.compile(RULE);

    private TaskId() {
    }

    /** True when {@code candidate} follows the task-id rule. */
    public static boolean isValid(String candidate) {
        return candidate != null && PATTERN.matcher(candidate).matches();
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
