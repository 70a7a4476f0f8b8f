package io.lorastream.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The registry's read API over the JDK HTTP client: the champion of a task (at once or by long-poll)
 * and adapter files, streamed to disk with their SHA-256 checked. Thread-safe.
 *
 * <pre>{@code
 * RegistryClient registry = RegistryClient.builder(URI.create("http://127.0.0.1:8084"))
 *         .token(System.getenv("LORASTREAM_REGISTRY_TOKEN"))
 *         .build();
 * Optional<ChampionInfo> champion = registry.champion("spam");
 * }</pre>
 */
public final class RegistryClient {

    /** Response header carrying the hex SHA-256 of a served file. */
    public static final String SHA256_HEADER = "X-Lorastream-Sha256";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Extra time a long-poll request may take beyond the wait the registry was asked for. */
    private static final Duration LONG_POLL_MARGIN = Duration.ofSeconds(10);

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;

    private RegistryClient(Builder builder) {
        String uri = builder.baseUri.toString();
        this.base = URI.create(uri.endsWith("/") ? uri : uri + "/");
        this.token = builder.token;
        this.requestTimeout = builder.requestTimeout;
        // Redirects are followed by hand: a presigned S3 URL must be fetched without our token.
        this.http = HttpClient.newBuilder()
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A builder for a client of the registry at {@code baseUri}, e.g. {@code http://127.0.0.1:8084}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** The registry's base URI, ending in {@code /}. */
    public URI baseUri() {
        return base;
    }

    /** The task's champion now, or empty when it has none (or the registry does not know the task). */
    public Optional<ChampionInfo> champion(String task) throws IOException, InterruptedException {
        ChampionPoll poll = pollChampion(task, null, Duration.ZERO);
        return Optional.ofNullable(poll.champion());
    }

    /**
     * Asks for the task's champion unless it is still {@code knownVersion}; with a positive
     * {@code wait}, the registry holds the request until the champion changes or the wait is over.
     *
     * @param knownVersion the version the caller has, sent as {@code If-None-Match}; null for none
     */
    public ChampionPoll pollChampion(String task, String knownVersion, Duration wait)
            throws IOException, InterruptedException {
        Identifiers.task(task);
        long waitMillis = Math.max(0, wait.toMillis());
        String query = waitMillis > 0 ? "?wait=" + waitMillis + "ms" : "";
        HttpRequest.Builder request = request("v1/tasks/" + task + "/champion" + query)
                .timeout(requestTimeout.plus(Duration.ofMillis(waitMillis)).plus(LONG_POLL_MARGIN))
                .header("Accept", "application/json");
        if (knownVersion != null) {
            request.header("If-None-Match", "\"" + Identifiers.version(knownVersion) + "\"");
        }
        HttpResponse<byte[]> response = send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 304) {
            return ChampionPoll.unchanged();
        }
        if (status == 200) {
            ChampionInfo champion = ChampionInfo.fromJson(JSON.readTree(response.body()));
            if (!champion.task().equals(task)) {
                throw new IOException("asked for the champion of '" + task + "', the registry answered for '"
                        + champion.task() + "'");
            }
            return ChampionPoll.changed(champion);
        }
        RegistryException error = error(status, response.body());
        if (status == 404 && ("no_champion".equals(error.rule()) || "unknown_task".equals(error.rule()))) {
            return ChampionPoll.none();
        }
        throw error;
    }

    /**
     * Downloads one file of a version into {@code target} (created or replaced), checking its SHA-256
     * on the fly against {@code expectedSha256}. A mismatch deletes what was written.
     *
     * @return the number of bytes written
     * @throws AdapterVerificationException when the bytes, or the registry's own sha256 header, do not match
     */
    public long download(String task, String version, String name, String expectedSha256, Path target)
            throws IOException, InterruptedException {
        Identifiers.task(task);
        Identifiers.version(version);
        Identifiers.fileName(name);
        Identifiers.sha256(expectedSha256, name);
        HttpRequest request = request("v1/tasks/" + task + "/versions/" + version + "/files/" + name)
                .timeout(requestTimeout).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (isRedirect(response.statusCode())) {
            response.body().close();
            String location = response.headers().firstValue("Location")
                    .orElseThrow(() -> new IOException("the registry redirected " + name + " without a Location"));
            // No Authorization header: the presigned URL carries its own signature, and our token
            // must never reach the object store.
            HttpRequest presigned = HttpRequest.newBuilder(base.resolve(location)).timeout(requestTimeout).GET().build();
            response = send(presigned, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                try (InputStream body = response.body()) {
                    throw new IOException("the object store answered " + response.statusCode() + " for " + name
                            + " of " + version + ": " + new String(body.readNBytes(512)));
                }
            }
        } else if (response.statusCode() != 200) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(64 * 1024);
            }
            throw error(response.statusCode(), body);
        } else {
            Optional<String> announced = response.headers().firstValue(SHA256_HEADER);
            if (announced.isPresent() && !announced.get().equals(expectedSha256)) {
                response.body().close();
                throw new AdapterVerificationException(version, name, expectedSha256, announced.get() + " (header)");
            }
        }
        MessageDigest digest = sha256();
        long written = 0;
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                written += n;
            }
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw new IOException("download of " + name + " of " + version + " broke off after " + written
                    + " bytes: " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            Files.deleteIfExists(target);
            throw new AdapterVerificationException(version, name, expectedSha256, actual);
        }
        return written;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** Sends and waits; an interrupt cancels the exchange, so closing a watcher never hangs on a long-poll. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("request to " + request.uri() + " failed: " + cause, cause);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static RegistryException error(int status, byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                return new RegistryException(status, json.path("field").asText(null), json.path("rule").asText(null),
                        json.path("error").asText(""));
            }
        } catch (IOException notJson) {
            // fall through: report the raw start of the body
        }
        String text = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
        return new RegistryException(status, null, null, text);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Settings of a {@link RegistryClient}. */
    public static final class Builder {
        private final URI baseUri;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofMinutes(5);

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /** A read (or admin) token; sent as {@code Authorization: Bearer}. Leave unset when the registry runs without auth. */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** How long to wait for a connection; default 5 s. */
        public Builder optConnectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Longest a request may take (a long-poll gets its wait on top); default 5 min, enough for large files. */
        public Builder optRequestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The client; it holds no connection until its first request. */
        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
