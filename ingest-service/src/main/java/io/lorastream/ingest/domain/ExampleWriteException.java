package io.lorastream.ingest.domain;

/**
 * Kafka did not acknowledge every accepted row. Acknowledged rows stay in the dedup index, so a
 * retry of the whole request writes only what is missing.
 */
public final class ExampleWriteException extends RuntimeException {

    private final int acknowledged;
    private final int failed;

    public ExampleWriteException(int acknowledged, int failed, Throwable cause) {
        super("Kafka acknowledged " + acknowledged + " of " + (acknowledged + failed) + " accepted rows ("
                + (cause == null ? "no cause given" : rootMessage(cause)) + ")", cause);
        this.acknowledged = acknowledged;
        this.failed = failed;
    }

    public int acknowledged() {
        return acknowledged;
    }

    public int failed() {
        return failed;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
