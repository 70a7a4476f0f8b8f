package io.lorastream.cli.demo;

import io.lorastream.registry.client.AdapterListener;
import io.lorastream.registry.client.AdapterWatcher;
import io.lorastream.registry.client.InstalledAdapter;
import io.lorastream.registry.client.RegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The demo's inference service: from the moment the task exists it follows the task's champion with
 * a registry-client's {@link AdapterWatcher} (long-polls, verified downloads, atomic installs into a
 * local folder), as a service in production would, and says so each time it installs a new one. It
 * runs for the whole demo, not only at the end, so the registry's download metrics show the
 * champions being pulled as they are promoted.
 */
final class InferenceService implements AutoCloseable {

    private static final Duration MAX_WAIT_FOR_CHAMPION = Duration.ofMinutes(2);

    private final RegistryClient registry;
    private final AdapterWatcher watcher;

    private InferenceService(RegistryClient registry, AdapterWatcher watcher) {
        this.registry = registry;
        this.watcher = watcher;
    }

    /** Starts following the champion of the settings' task into {@code <work dir>/inference/<task>}. */
    static InferenceService start(DemoSettings settings) throws IOException {
        RegistryClient registry = RegistryClient.builder(settings.registry()).token(settings.readToken()).build();
        Path dir = settings.workDir().resolve("inference").resolve(settings.task());
        AdapterListener announce = new AdapterListener() {
            @Override
            public void onNewAdapter(Path installed, String version) {
                System.out.printf("  inference service: champion %s installed in %s (SHA-256 verified)%n", version,
                        installed);
            }

            @Override
            public void onRejected(String version, String reason) {
                System.out.printf("  inference service: champion %s NOT installed: %s%n", version, reason);
            }
        };
        return new InferenceService(registry, AdapterWatcher.builder(registry, settings.task(), dir).listener(announce)
                .start());
    }

    RegistryClient registry() {
        return registry;
    }

    /** Waits until the champion {@code version} is installed (the watcher's long-poll brings it). */
    InstalledAdapter awaitVersion(String version) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT_FOR_CHAMPION.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<InstalledAdapter> current = watcher.awaitAdapter(Duration.ofSeconds(5));
            if (current.isPresent() && current.get().version().equals(version)) {
                return current.get();
            }
            Thread.sleep(500); // an earlier champion is installed, or none yet
        }
        throw new IOException("the registry-client did not install champion " + version + " within "
                + Durations.brief(MAX_WAIT_FOR_CHAMPION.toSeconds()));
    }

    @Override
    public void close() {
        watcher.close();
    }
}
