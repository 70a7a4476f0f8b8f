package io.lorastream.registry.store;

import io.lorastream.store.ObjectStore;
import io.lorastream.store.Sha256;
import io.lorastream.store.IntegrityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Promoted adapter files on local disk, named by their SHA-256: a file enters only after its bytes
 * were fetched from S3 and hashed to the announced value (in one rename, so a half-written file is
 * never seen), and since promoted files are immutable and the name is the hash, an entry never goes
 * stale. Serving from here lets the registry hand the same champion to a whole fleet with one S3
 * read and the kernel's zero-copy file sending. Entries used least recently are evicted above the
 * size budget; files cached by an earlier run are re-hashed once before their first use. Thread-safe.
 */
public final class VerifiedFileCache {

    private static final Logger LOG = Logger.getLogger(VerifiedFileCache.class);
    /** A file used this recently is never evicted: it may be being sent right now. */
    private static final Duration IN_USE = Duration.ofMinutes(2);

    private final ObjectStore objects;
    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    private final ConcurrentHashMap<String, CompletableFuture<Path>> fetching = new ConcurrentHashMap<>();
    private final Set<String> verifiedThisRun = ConcurrentHashMap.newKeySet();

    public VerifiedFileCache(ObjectStore objects, Path dir, long maxBytes, Clock clock) {
        this.objects = objects;
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.clock = clock;
        try {
            Files.createDirectories(this.dir);
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + this.dir + " as the adapter file cache "
                    + "(lorastream.registry.serving.cache-dir)", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The local, verified copy of the object {@code key}, whose bytes must hash to {@code sha256}:
     * from the cache, or fetched now (concurrent callers for the same file share one fetch).
     *
     * @throws IntegrityException when the stored bytes do not hash to {@code sha256} (nothing is cached)
     */
    public Path get(String key, String sha256) {
        if (!Sha256.isValid(sha256)) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        Path file = dir.resolve(sha256);
        if (Files.isRegularFile(file) && verifiedThisRun.contains(sha256)) {
            touch(file);
            return file;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = fetching.putIfAbsent(sha256, mine);
        if (running != null) {
            return join(running);
        }
        try {
            mine.complete(load(key, sha256, file));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            fetching.remove(sha256);
        }
        return join(mine);
    }

    private Path load(String key, String sha256, Path file) {
        if (Files.isRegularFile(file)) {
            // Cached by an earlier run: the disk could have been changed since, so hash it once.
            try {
                if (Sha256.of(file).equals(sha256)) {
                    verifiedThisRun.add(sha256);
                    touch(file);
                    return file;
                }
                LOG.warnf("cached %s no longer hashes to its name; fetching it again", file);
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cached " + file, e);
            }
        }
        long started = System.nanoTime();
        objects.download(key, file, sha256);
        verifiedThisRun.add(sha256);
        touch(file);
        LOG.infof("cached %s as %s (verified, %d ms)", key, file.getFileName(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        evictAbove(maxBytes, file);
        return file;
    }

    private static Path join(CompletableFuture<Path> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching an adapter file", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException e) {
            // Only the eviction order suffers.
        }
    }

    /** Deletes least recently used files until the cache holds at most {@code budget} bytes. */
    private synchronized void evictAbove(long budget, Path keep) {
        try {
            List<Path> files = new ArrayList<>();
            long total = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (Files.isRegularFile(entry) && Sha256.isValid(entry.getFileName().toString())) {
                        files.add(entry);
                        total += Files.size(entry);
                    }
                }
            }
            if (total <= budget) {
                return;
            }
            files.sort(Comparator.comparing(VerifiedFileCache::modified));
            Instant busySince = clock.instant().minus(IN_USE);
            for (Path file : files) {
                if (total <= budget) {
                    break;
                }
                if (file.equals(keep) || modified(file).isAfter(busySince)) {
                    continue;
                }
                long size = Files.size(file);
                Files.deleteIfExists(file);
                verifiedThisRun.remove(file.getFileName().toString());
                total -= size;
            }
        } catch (IOException e) {
            LOG.warnf("could not trim the adapter file cache %s: %s", dir, e.getMessage());
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /** Partial downloads of a run that died: anything not named by a SHA-256. */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && !Sha256.isValid(entry.getFileName().toString())) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }
}
