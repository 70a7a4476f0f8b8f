package io.lorastream.registry.domain;

/** A manual champion change that the registry refuses, with the reason as a rule. */
public final class PromotionRefusedException extends RuntimeException {

    /** Why a version cannot become champion. */
    public enum Reason {
        /** The task has no such version. */
        UNKNOWN_VERSION,
        /** The evaluator rejected it, or has not judged it. */
        NOT_APPROVED,
        /** Approved, but its files are not (or could not be) promoted. */
        NOT_PROMOTED,
        /** Its stored files do not match their SHA-256. */
        FILES_CORRUPT
    }

    private final Reason reason;

    public PromotionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
