package io.lorastream.registry.client;

import java.nio.file.Path;

/**
 * Told by an {@link AdapterWatcher} when a new adapter is ready on disk. Called on the watcher's
 * thread, one call at a time; an exception thrown here is reported to {@link #onError} and does not
 * stop the watcher.
 */
public interface AdapterListener {

    /**
     * A complete, verified adapter is in {@code dir} (its files named as in the registry) and is now
     * the current one. Also called once at start when a verified adapter is already installed.
     */
    void onNewAdapter(Path dir, String version);

    /**
     * The champion {@code version} could not be installed (a file's SHA-256 did not match, a file
     * name was unsafe); the current adapter stays. The watcher tries that version again later.
     */
    default void onRejected(String version, String reason) {
    }

    /** The registry could not be reached or answered with an error; the watcher retries with back-off. */
    default void onError(Exception error) {
    }
}
