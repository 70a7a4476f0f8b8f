package io.lorastream.trainer.domain;

/**
 * A window that cannot be trained however often it is tried (its data or the task's setup is
 * wrong), as opposed to an outage that a retry outlasts.
 */
public final class WindowRejectedException extends RuntimeException {

    public WindowRejectedException(String message) {
        super(message);
    }

    public WindowRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
