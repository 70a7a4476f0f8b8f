package io.lorastream.registry.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a local folder in step with a task's champion adapter: long-polls the registry, downloads a
 * new champion into {@code <dir>/<version>/} atomically with every file's SHA-256 verified, keeps the
 * previous versions for an instant rollback, and tells an {@link AdapterListener}.
 *
 * <pre>{@code
 * try (AdapterWatcher watcher = AdapterWatcher.builder(URI.create("http://127.0.0.1:8084"), "spam",
 *                 Path.of("/var/lib/adapters/spam"))
 *         .token(System.getenv("LORASTREAM_READ_TOKEN"))           // a read token of the registry
 *         .listener((dir, version) -> model.swapAdapter(dir))      // dir = /var/lib/adapters/spam/<version>
 *         .start()) {
 *     Optional<InstalledAdapter> first = watcher.awaitAdapter(Duration.ofMinutes(1));
 *     ...                                                          // serve; the listener swaps adapters
 * }
 * }</pre>
 *
 * <p>{@link #builder(RegistryClient, String, Path)} takes a {@link RegistryClient} built by hand
 * instead, for its timeouts or to share it between watchers of several tasks.
 *
 * <p>It survives registry restarts and outages: failures are reported to
 * {@link AdapterListener#onError} and retried with exponential back-off, and the adapter in use
 * never changes because of them. A version whose download fails verification is reported to
 * {@link AdapterListener#onRejected} and the current adapter stays; that version is tried again after
 * a pause, while a different new champion is picked up at once. On start, an adapter installed by an
 * earlier run is verified and handed to the listener before the first poll, so an inference service
 * can serve immediately even while the registry is away.
 */
public final class AdapterWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AdapterWatcher.class.getName());

    private final RegistryClient client;
    private final String task;
    private final AdapterDirectory directory;
    private final AdapterListener listener;
    private final Duration longPollWait;
    private final Backoff errorBackoff;
    private final Backoff rejectedBackoff;
    private final Object lock = new Object();
    /** Notified once the listener has been told of an adapter, for {@link #awaitAdapter}. */
    private final Object installed = new Object();

    private volatile InstalledAdapter current;
    /** Whether the listener has been told of an adapter yet (guarded by {@link #installed}). */
    private boolean announced;
    private volatile boolean running;
    private Thread thread;
    /** A champion version that failed verification, polled as "known" until {@link #retryRejectedAt}. */
    private String rejectedVersion;
    private Instant retryRejectedAt = Instant.MIN;

    private AdapterWatcher(Builder builder) throws IOException {
        this.client = builder.client != null ? builder.client : builder.clientBuilder.build();
        this.task = Identifiers.task(builder.task);
        this.directory = new AdapterDirectory(builder.dir, builder.keepVersions);
        this.listener = builder.listener;
        this.longPollWait = builder.longPollWait;
        this.errorBackoff = new Backoff(builder.initialBackoff, builder.maxBackoff);
        // A rejected version is retried slowly (it needs a repair in the registry), at most every 10 min.
        Duration maxRejectedPause = Duration.ofMinutes(10);
        this.rejectedBackoff = new Backoff(builder.rejectedRetry,
                builder.rejectedRetry.compareTo(maxRejectedPause) > 0 ? builder.rejectedRetry : maxRejectedPause);
        this.current = directory.current().orElse(null);
    }

    /**
     * A builder for a watcher of {@code task}'s champion at the registry {@code registry} (e.g.
     * {@code http://127.0.0.1:8084}), keeping its adapters under {@code dir}. Give the registry's
     * read token with {@link Builder#token}.
     */
    public static Builder builder(URI registry, String task, Path dir) {
        return new Builder(null, RegistryClient.builder(registry), task, dir);
    }

    /** A builder for a watcher of {@code task}'s champion through {@code client}, keeping its adapters under {@code dir}. */
    public static Builder builder(RegistryClient client, String task, Path dir) {
        return new Builder(Objects.requireNonNull(client, "client"), null, task, dir);
    }

    /** Starts the watch thread. The adapter already on disk, if any, is announced first. */
    public AdapterWatcher start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("already started");
            }
            running = true;
            thread = new Thread(this::run, "lorastream-adapter-watcher-" + task);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** The adapter in use now, if any. */
    public Optional<InstalledAdapter> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Waits until an adapter is in use and the listener has been told of it, and returns the adapter
     * in use: soon after {@link #start()} when an earlier run left one on disk, else once the first
     * champion is installed. Empty when {@code timeout} passes first (the task has no champion yet,
     * or the registry cannot be reached).
     */
    public Optional<InstalledAdapter> awaitAdapter(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (installed) {
            while (!announced) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(installed, left);
            }
            return Optional.of(current);
        }
    }

    /** The version before the current one, still on disk for a rollback, if any. */
    public Optional<Path> previous() throws IOException {
        for (String version : directory.recent()) {
            return Optional.of(directory.root().resolve(version));
        }
        return Optional.empty();
    }

    /** The folder holding the version folders. */
    public Path directory() {
        return directory.root();
    }

    /**
     * One poll without waiting and, when the champion changed, one install; what the watch thread
     * does in a loop. For callers that drive the watcher themselves instead of calling {@link #start()}.
     *
     * @return true when the current adapter changed
     */
    public boolean checkOnce() throws IOException, InterruptedException {
        return step(Duration.ZERO);
    }

    private void run() {
        InstalledAdapter resumed = current;
        if (resumed != null) {
            LOG.info(() -> "resuming with adapter " + resumed.version() + " of task " + task + " from " + resumed.dir());
            notifyNew(resumed);
        }
        while (running) {
            try {
                step(longPollWait);
                errorBackoff.reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                Duration pause = errorBackoff.next();
                LOG.log(Level.WARNING, "watching the champion of " + task + " failed (" + e.getMessage()
                        + "); retrying in " + pause.toMillis() + " ms");
                report(e);
                if (!sleep(pause)) {
                    return;
                }
            }
        }
    }

    private boolean step(Duration wait) throws IOException, InterruptedException {
        String known;
        Duration pollWait = wait;
        synchronized (lock) {
            Instant now = Instant.now();
            if (rejectedVersion != null && now.isBefore(retryRejectedAt)) {
                // Wait for a champion other than the one that failed, but not past its retry time.
                known = rejectedVersion;
                Duration untilRetry = Duration.between(now, retryRejectedAt);
                pollWait = untilRetry.compareTo(wait) < 0 ? untilRetry : wait;
            } else {
                known = current == null ? null : current.version();
            }
        }
        ChampionPoll poll = client.pollChampion(task, known, pollWait);
        if (poll.outcome() != ChampionPoll.Outcome.CHANGED) {
            return false;
        }
        ChampionInfo champion = poll.champion();
        if (current != null && current.version().equals(champion.version())) {
            clearRejected();
            return false;
        }
        return install(champion);
    }

    private boolean install(ChampionInfo champion) throws IOException, InterruptedException {
        String version = champion.version();
        try {
            // A version already on disk (a rollback to a recent champion) is re-verified and reused.
            Optional<InstalledAdapter> onDisk = directory.verified(version, champion.files());
            InstalledAdapter adapter = onDisk.isPresent() ? onDisk.get()
                    : directory.install(champion, (name, sha256, target) -> client.download(task, version, name, sha256, target));
            directory.activate(adapter);
            current = adapter;
            clearRejected();
            LOG.info(() -> "adapter " + version + " of task " + task + " is current"
                    + (onDisk.isPresent() ? " (already on disk)" : " (downloaded and verified)"));
            notifyNew(adapter);
            return true;
        } catch (AdapterVerificationException | IllegalArgumentException e) {
            reject(version, e.getMessage());
            return false;
        } catch (RegistryException e) {
            if (e.status() == 500 && "sha256_mismatch".equals(e.rule())) {
                // The registry itself found the stored file corrupt: same outcome as our own check.
                reject(version, e.getMessage());
                return false;
            }
            throw e;
        }
    }

    private void reject(String version, String reason) {
        Duration pause = rejectedBackoff.next();
        synchronized (lock) {
            rejectedVersion = version;
            retryRejectedAt = Instant.now().plus(pause);
        }
        LOG.warning(() -> "adapter " + version + " of task " + task + " rejected, keeping "
                + (current == null ? "no adapter" : current.version()) + "; retrying it in " + pause.toMillis()
                + " ms: " + reason);
        try {
            listener.onRejected(version, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "adapter listener failed in onRejected", e);
        }
    }

    private void clearRejected() {
        synchronized (lock) {
            rejectedVersion = null;
            retryRejectedAt = Instant.MIN;
        }
        rejectedBackoff.reset();
    }

    private void notifyNew(InstalledAdapter adapter) {
        try {
            listener.onNewAdapter(adapter.dir(), adapter.version());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "adapter listener failed in onNewAdapter for " + adapter.version(), e);
            report(e);
        } finally {
            synchronized (installed) {
                announced = true;
                installed.notifyAll();
            }
        }
    }

    private void report(Exception error) {
        try {
            listener.onError(error);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "adapter listener failed in onError", e);
        }
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the watch thread (interrupting a long-poll in flight) and waits for it. The files stay. */
    @Override
    public void close() {
        Thread watching;
        synchronized (lock) {
            running = false;
            watching = thread;
        }
        if (watching != null) {
            watching.interrupt();
            try {
                watching.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Settings of an {@link AdapterWatcher}: the required ones in {@link #builder}, {@code opt*} for the rest. */
    public static final class Builder {
        private final RegistryClient client;
        private final RegistryClient.Builder clientBuilder;
        private final String task;
        private final Path dir;
        private AdapterListener listener = (dir, version) -> { };
        private Duration longPollWait = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration rejectedRetry = Duration.ofSeconds(30);
        private int keepVersions = 3;

        private Builder(RegistryClient client, RegistryClient.Builder clientBuilder, String task, Path dir) {
            this.client = client;
            this.clientBuilder = clientBuilder;
            this.task = Objects.requireNonNull(task, "task");
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        /**
         * The registry's read token, sent as {@code Authorization: Bearer}; null or blank for a registry
         * running without auth. Only with {@link AdapterWatcher#builder(URI, String, Path)}: a
         * {@link RegistryClient} passed in carries its own token.
         */
        public Builder token(String token) {
            if (clientBuilder == null) {
                throw new IllegalStateException("this watcher uses the RegistryClient it was built with; "
                        + "give the token to RegistryClient.builder(...).token(...) instead");
            }
            clientBuilder.token(token);
            return this;
        }

        /** Who is told about new adapters (and rejected versions and errors); by default nobody. */
        public Builder listener(AdapterListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How long each long-poll asks the registry to wait; default 30 s (the registry caps it). */
        public Builder optLongPollWait(Duration wait) {
            this.longPollWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /** First and longest pause after a failed poll; defaults 500 ms and 30 s. */
        public Builder optBackoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /** First pause before a rejected version is tried again (doubling each time); default 30 s. */
        public Builder optRejectedRetry(Duration pause) {
            this.rejectedRetry = Objects.requireNonNull(pause, "pause");
            return this;
        }

        /** Versions kept on disk, the current one included; default 3, at least 2. */
        public Builder optKeepVersions(int versions) {
            this.keepVersions = versions;
            return this;
        }

        /** Builds the watcher (reading what an earlier run left on disk) without starting it. */
        public AdapterWatcher build() throws IOException {
            return new AdapterWatcher(this);
        }

        /** Builds and starts the watcher. */
        public AdapterWatcher start() throws IOException {
            return build().start();
        }
    }
}
