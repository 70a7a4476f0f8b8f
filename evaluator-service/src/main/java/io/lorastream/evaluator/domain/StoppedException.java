package io.lorastream.evaluator.domain;

/** The service is stopping: the candidate is left undecided and uncommitted, so it is read again. */
public final class StoppedException extends RuntimeException {

    public StoppedException() {
        super("the evaluator is stopping");
    }
}
