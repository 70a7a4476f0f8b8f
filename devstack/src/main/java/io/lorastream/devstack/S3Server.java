package io.lorastream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 endpoint on 127.0.0.1 backed by a local folder (S3Proxy, filesystem backend) that
 * enforces AWS V2/V4 request signatures. Objects and their metadata (kept in extended file
 * attributes) survive a restart.
 */
public final class S3Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    /** Enough for a handful of services uploading adapters in parallel on a small machine. */
    private static final int MAX_THREADS = 32;
    /**
     * No graceful stop: Jetty's graceful stop waits for clients' idle keep-alive connections
     * (about 2 s with the MinIO client) and, if its timeout runs out first, throws and leaves
     * the server FAILED. An abrupt stop is also what an outage test wants.
     */
    private static final long STOP_TIMEOUT_MS = 0;

    private final Path dataDir;
    private final int port;
    private final S3Credentials credentials;
    private BlobStore blobStore;
    private S3Proxy proxy;

    /**
     * @param dataDir folder holding one sub-folder per bucket; created if missing
     * @param port the HTTP port
     * @param credentials the only key pair requests may be signed with
     */
    public S3Server(Path dataDir, int port, S3Credentials credentials) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = LoopbackPorts.requireValid(port, "S3");
        this.credentials = credentials;
    }

    /** {@code http://127.0.0.1:<port>}, the value for an S3 client's endpoint. */
    public String endpoint() {
        return "http://" + LoopbackPorts.HOST + ":" + port;
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /** The key pair requests must be signed with. */
    public S3Credentials credentials() {
        return credentials;
    }

    /** The folder holding the buckets. */
    public Path dataDir() {
        return dataDir;
    }

    /** True between a successful {@link #start()} and {@link #stop()}. */
    public synchronized boolean isRunning() {
        return proxy != null;
    }

    /**
     * Starts serving the folder. Does nothing when already running.
     *
     * @throws PortInUseException when the port is taken
     */
    public synchronized void start() {
        if (proxy != null) {
            return;
        }
        LoopbackPorts.requireFree(port, "S3");
        long started = System.nanoTime();
        try {
            // The filesystem backend refuses a root folder that does not exist.
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3 data folder " + dataDir, e);
        }
        BlobStore store = new FilesystemNio2BlobStore(dataDir.toString());
        S3Proxy starting = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                .jettyMaxThreads(MAX_THREADS)
                .stopTimeout(STOP_TIMEOUT_MS)
                .build();
        try {
            starting.start();
        } catch (Exception e) {
            stopQuietly(starting, store);
            throw new IllegalStateException("S3 server did not start on " + endpoint() + ": " + e.getMessage(), e);
        }
        blobStore = store;
        proxy = starting;
        LOG.info("S3 server ready on {} in {} ms (data in {})", endpoint(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
    }

    /**
     * Creates {@code bucket} unless it exists.
     *
     * @return true when the bucket was created, false when it was already there
     */
    public synchronized boolean ensureBucket(String bucket) {
        if (blobStore == null) {
            throw new IllegalStateException("S3 server on " + endpoint() + " is not running");
        }
        if (blobStore.containerExists(bucket)) {
            return false;
        }
        blobStore.createContainer(bucket);
        LOG.info("Created bucket {} in {}", bucket, dataDir);
        return true;
    }

    /** Stops serving; the folder stays. Always call it: S3Proxy's threads keep a JVM alive. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        S3Proxy stopping = proxy;
        BlobStore store = blobStore;
        proxy = null;
        blobStore = null;
        try {
            stopping.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3 server on " + endpoint() + " did not stop cleanly: " + e.getMessage(), e);
        } finally {
            store.close();
        }
        LOG.info("S3 server on {} stopped", endpoint());
    }

    @Override
    public void close() {
        stop();
    }

    private static void stopQuietly(S3Proxy proxy, BlobStore store) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.debug("S3Proxy did not stop after a failed start", e);
        } finally {
            store.close();
        }
    }
}
