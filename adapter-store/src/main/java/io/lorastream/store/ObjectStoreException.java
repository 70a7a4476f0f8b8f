package io.lorastream.store;

/**
 * An object-store operation failed. {@link #isRetriable()} tells a caller whether trying again later
 * can help (the server is unreachable, overloaded or timed out) or not (refused signature, a
 * corrupt object, a bug).
 */
public class ObjectStoreException extends RuntimeException {

    private final boolean retriable;

    public ObjectStoreException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean isRetriable() {
        return retriable;
    }
}
