package io.lorastream.store;

/** An object's bytes do not have the SHA-256 they were stored or announced with. */
public final class IntegrityException extends ObjectStoreException {

    public IntegrityException(String key, String expectedSha256, String actualSha256) {
        super("object '" + key + "' has sha256 " + actualSha256 + ", expected " + expectedSha256, false, null);
    }
}
