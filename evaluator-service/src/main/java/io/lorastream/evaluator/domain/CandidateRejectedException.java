package io.lorastream.evaluator.domain;

/** The candidate itself is at fault (files missing or corrupt, wrong labels…): a rejection naming the check. */
public final class CandidateRejectedException extends RuntimeException {

    private final String check;

    public CandidateRejectedException(String check, String reason, Throwable cause) {
        super(reason, cause);
        this.check = check;
    }

    public CandidateRejectedException(String check, String reason) {
        this(check, reason, null);
    }

    /** The failed check's name (see {@link Checks}). */
    public String check() {
        return check;
    }
}
