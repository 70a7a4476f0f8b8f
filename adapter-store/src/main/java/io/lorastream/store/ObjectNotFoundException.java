package io.lorastream.store;

/** The key does not exist in the bucket. */
public final class ObjectNotFoundException extends ObjectStoreException {

    private final String key;

    public ObjectNotFoundException(String key, Throwable cause) {
        super("no object '" + key + "'", false, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
