package io.lorastream.store;

import java.time.Instant;

/**
 * What the store holds under a key.
 *
 * @param key the object key
 * @param size bytes
 * @param sha256 hex SHA-256 recorded when lorastream wrote it (user metadata), or null for objects written otherwise
 * @param lastModified when it was written
 */
public record StoredObject(String key, long size, String sha256, Instant lastModified) {
}
