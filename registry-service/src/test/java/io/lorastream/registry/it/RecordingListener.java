package io.lorastream.registry.it;

import io.lorastream.registry.client.AdapterListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AdapterListener} that remembers every call, for the client tests. */
final class RecordingListener implements AdapterListener {

    record Installed(Path dir, String version) {
    }

    record Rejected(String version, String reason) {
    }

    final List<Installed> installed = new CopyOnWriteArrayList<>();
    final List<Rejected> rejected = new CopyOnWriteArrayList<>();
    final List<Exception> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onNewAdapter(Path dir, String version) {
        installed.add(new Installed(dir, version));
    }

    @Override
    public void onRejected(String version, String reason) {
        rejected.add(new Rejected(version, reason));
    }

    @Override
    public void onError(Exception error) {
        errors.add(error);
    }

    String lastVersion() {
        return installed.isEmpty() ? null : installed.get(installed.size() - 1).version();
    }

    void awaitVersion(String version) {
        RegistryFixtures.await("the client to install " + version, () -> version.equals(lastVersion()));
    }

    void awaitRejected(String version) {
        RegistryFixtures.await("the client to reject " + version,
                () -> rejected.stream().anyMatch(r -> r.version().equals(version)));
    }

    void awaitErrors(int count, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (errors.size() < count && System.nanoTime() < deadline) {
            RegistryFixtures.sleep(50);
        }
        if (errors.size() < count) {
            throw new AssertionError("the client reported " + errors.size() + " errors, expected at least " + count);
        }
    }
}
