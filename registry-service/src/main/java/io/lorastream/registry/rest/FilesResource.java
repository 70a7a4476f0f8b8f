package io.lorastream.registry.rest;

import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.registry.domain.AdapterFiles;
import io.lorastream.registry.metrics.RegistryMetrics;
import io.lorastream.registry.store.VerifiedFileCache;
import io.lorastream.store.IntegrityException;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.Sha256;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.PathPart;

/**
 * {@code GET /v1/tasks/{task}/versions/{version}/files/{name}}: a promoted adapter file with
 * {@code Content-Length}, its SHA-256 in {@value #SHA256_HEADER} and range support, or a redirect
 * to a presigned S3 URL when configured.
 *
 * <p>By default the bytes come from the {@link VerifiedFileCache}: fetched from S3 once, hashed, and
 * then sent from local disk; a file whose bytes do not hash to the announced SHA-256 is never
 * cached nor sent. With the cache off, every download streams from S3: a whole-file download is
 * re-hashed on the way and its last chunk held back until the hash is known, so when the bytes are
 * not the announced ones the connection is cut before the response is complete and a client never
 * receives a corrupt file that looks whole. Either way the file is refused at once from then on.
 */
@Path("/v1/tasks/{task}/versions/{version}/files/{name}")
public class FilesResource {

    /** Response header with the hex SHA-256 of the whole file. */
    public static final String SHA256_HEADER = "X-Lorastream-Sha256";

    private static final Logger LOG = Logger.getLogger(FilesResource.class);

    private final AdapterFiles files;
    private final ObjectStore objects;
    private final RegistryMetrics metrics;
    private final ReadyGuard ready;
    private final RegistryConfig.Serving serving;
    private final Optional<VerifiedFileCache> cache;

    public FilesResource(AdapterFiles files, ObjectStore objects, RegistryMetrics metrics, ReadyGuard ready,
                         RegistryConfig config, Optional<VerifiedFileCache> cache) {
        this.files = files;
        this.cache = cache;
        this.objects = objects;
        this.metrics = metrics;
        this.ready = ready;
        this.serving = config.serving();
    }

    @GET
    @Blocking
    @Operation(summary = "Download a promoted adapter file (Range supported; sha256 in X-Lorastream-Sha256)")
    @APIResponse(responseCode = "200", description = "The whole file")
    @APIResponse(responseCode = "206", description = "The requested byte range")
    @APIResponse(responseCode = "307", description = "Redirect to a presigned S3 URL (when configured)")
    @APIResponse(responseCode = "404", description = "Unknown version or file, or the version is not promoted")
    @APIResponse(responseCode = "416", description = "The range lies outside the file")
    @APIResponse(responseCode = "500", description = "The stored file does not match its sha256 (rule sha256_mismatch)")
    public Response download(@PathParam("task") String task, @PathParam("version") String version,
                             @PathParam("name") String name, @HeaderParam("Range") String range) {
        AdapterFiles.ServedFile file = resolve(task, version, name);
        if (serving.presignedRedirect()) {
            String url = objects.presignedGet(file.key(), serving.presignedValidity());
            return Response.temporaryRedirect(URI.create(url)).header(SHA256_HEADER, file.sha256()).build();
        }
        ByteRange bytes = ByteRange.parse(range, file.size());
        Response.ResponseBuilder response = headers(bytes == null ? Response.ok() : Response.status(206), file, bytes);
        long offset = bytes == null ? 0 : bytes.offset();
        long length = bytes == null ? file.size() : bytes.length();
        if (cache.isPresent()) {
            java.nio.file.Path local = cached(file);
            return response.entity(bytes == null ? local : new PathPart(local, offset, length)).build();
        }
        return response.entity((StreamingOutput) out -> stream(file, offset, length, bytes == null, out)).build();
    }

    /** The verified local copy; a file whose bytes fail verification while being fetched is refused from then on. */
    private java.nio.file.Path cached(AdapterFiles.ServedFile file) {
        long started = System.nanoTime();
        try {
            java.nio.file.Path local = cache.get().get(file.key(), file.sha256());
            metrics.download(file.task(), file.size(), Duration.ofNanos(System.nanoTime() - started), "cache");
            return local;
        } catch (IntegrityException e) {
            files.markCorrupt(file);
            metrics.download(file.task(), 0, Duration.ofNanos(System.nanoTime() - started), "failed");
            LOG.errorf("refusing to serve %s: %s", file.key(), e.getMessage());
            throw new ApiException(500, "name", "sha256_mismatch", "the stored file does not match its announced sha256 ("
                    + e.getMessage() + "); it is not served. Re-promote the version or restore the object.");
        }
    }

    @HEAD
    @Blocking
    @Operation(summary = "The file's headers (size, sha256) without its bytes")
    public Response head(@PathParam("task") String task, @PathParam("version") String version,
                         @PathParam("name") String name) {
        AdapterFiles.ServedFile file = resolve(task, version, name);
        return headers(Response.ok(), file, null).build();
    }

    private AdapterFiles.ServedFile resolve(String task, String version, String name) {
        PathParams.task(task);
        PathParams.version(version);
        PathParams.fileName(name);
        ready.require();
        try {
            return files.resolve(task, version, name);
        } catch (AdapterFiles.FileNotServedException e) {
            String field = e.problem() == AdapterFiles.Problem.UNKNOWN_FILE ? "name" : "version";
            throw new ApiException(404, field, e.problem().name().toLowerCase(), e.getMessage());
        } catch (IntegrityException e) {
            LOG.errorf("refusing to serve %s/%s/%s: %s", task, version, name, e.getMessage());
            throw new ApiException(500, "name", "sha256_mismatch", "the stored file does not match its announced sha256 ("
                    + e.getMessage() + "); it is not served. Re-promote the version or restore the object.");
        }
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder response, AdapterFiles.ServedFile file,
                                                    ByteRange bytes) {
        response.header(HttpHeaders.CONTENT_TYPE, file.name().endsWith(".json") ? "application/json" : "application/octet-stream")
                .header(HttpHeaders.CONTENT_LENGTH, bytes == null ? file.size() : bytes.length())
                .header(SHA256_HEADER, file.sha256())
                .header(HttpHeaders.ETAG, "\"" + file.sha256() + "\"")
                .header("Accept-Ranges", "bytes")
                // Promoted files never change: a version id and file name always mean the same bytes.
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable");
        if (bytes != null) {
            response.header("Content-Range", bytes.contentRange(file.size()));
        }
        return response;
    }

    /** Copies the bytes; for the whole file, holds the last chunk back until the SHA-256 is verified. */
    private void stream(AdapterFiles.ServedFile file, long offset, long length, boolean verify, OutputStream out)
            throws IOException {
        long started = System.nanoTime();
        long sent = 0;
        String outcome = "failed";
        MessageDigest digest = verify ? Sha256.newDigest() : null;
        byte[] held = new byte[serving.streamBufferBytes()];
        byte[] next = new byte[serving.streamBufferBytes()];
        try (InputStream in = objects.open(file.key(), offset, offset == 0 && length == file.size() ? -1 : length)) {
            int heldLength = in.readNBytes(held, 0, held.length);
            while (heldLength > 0) {
                int nextLength = in.readNBytes(next, 0, next.length);
                if (digest != null) {
                    digest.update(held, 0, heldLength);
                }
                if (nextLength == 0 && digest != null) {
                    verifyOrCut(file, sent + heldLength, length, digest);
                }
                out.write(held, 0, heldLength);
                sent += heldLength;
                byte[] swap = held;
                held = next;
                next = swap;
                heldLength = nextLength;
            }
            if (sent != length) {
                throw new IOException("S3 gave " + sent + " bytes of " + file.key() + ", expected " + length);
            }
            outcome = "complete";
        } finally {
            metrics.download(file.task(), sent, Duration.ofNanos(System.nanoTime() - started), outcome);
        }
    }

    private void verifyOrCut(AdapterFiles.ServedFile file, long total, long expected, MessageDigest digest)
            throws IOException {
        String actual = HexFormat.of().formatHex(digest.digest());
        if (total != expected || !actual.equals(file.sha256())) {
            files.markCorrupt(file);
            LOG.errorf("%s has sha256 %s (%d bytes), announced %s (%d bytes): cutting the download before its end",
                    file.key(), actual, total, file.sha256(), expected);
            throw new IOException("sha256 mismatch in " + file.key() + ": download cut");
        }
    }
}
