package io.lorastream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP calls the demo makes, as any client of lorastream would make them: create the task in the
 * registry, send mail to the ingest service, and watch the trainer and the registry. Every failure
 * names the service, the request and what it answered.
 */
final class ServiceApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DemoSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServiceApi(DemoSettings settings) {
        this.settings = settings;
    }

    /** Creates or updates the task spec (admin). */
    JsonNode putTask(String task, JsonNode spec) throws IOException, InterruptedException {
        return send("registry", HttpRequest.newBuilder(settings.registry().resolve("/v1/tasks/" + task))
                .PUT(body(spec)).header("Content-Type", "application/json"), settings.adminToken(), false).orElseThrow();
    }

    /** Sends labeled examples (producer token); the answer counts what was accepted, held out, duplicate or rejected. */
    JsonNode ingest(String task, JsonNode examples) throws IOException, InterruptedException {
        return send("ingest", HttpRequest.newBuilder(settings.ingest().resolve("/v1/tasks/" + task + "/examples"))
                .POST(body(examples)).header("Content-Type", "application/json"), settings.ingestToken(), false).orElseThrow();
    }

    /** The trainer's view of the task (window sizes, job, recent jobs), empty before it has seen an example. */
    Optional<JsonNode> trainerTask(String task) throws IOException, InterruptedException {
        return send("trainer", HttpRequest.newBuilder(settings.trainer().resolve("/v1/tasks/" + task)).GET(),
                settings.adminToken(), true);
    }

    /** The evaluator's evaluation-set sizes of the task. */
    Optional<JsonNode> evaluationSets(String task) throws IOException, InterruptedException {
        return send("evaluator", HttpRequest.newBuilder(settings.evaluator().resolve(
                "/v1/tasks/" + task + "/evaluation-sets")).GET(), settings.adminToken(), true);
    }

    /** Every version of the task, newest first (all pages). */
    List<JsonNode> versions(String task) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            String query = "/v1/tasks/" + task + "/versions?limit=100" + (cursor == null ? "" : "&cursor=" + cursor);
            Optional<JsonNode> page = send("registry", HttpRequest.newBuilder(settings.registry().resolve(query)).GET(),
                    settings.readToken(), true);
            if (page.isEmpty()) {
                return out;
            }
            page.get().path("versions").forEach(out::add);
            cursor = page.get().path("nextCursor").isTextual() ? page.get().path("nextCursor").asText() : null;
        } while (cursor != null);
        return out;
    }

    /** One version in full: summary, lineage, decision with every check. */
    JsonNode version(String task, String version) throws IOException, InterruptedException {
        return send("registry", HttpRequest.newBuilder(settings.registry().resolve(
                "/v1/tasks/" + task + "/versions/" + version)).GET(), settings.readToken(), false).orElseThrow();
    }

    private Optional<JsonNode> send(String service, HttpRequest.Builder request, String token, boolean absentOn404)
            throws IOException, InterruptedException {
        request.timeout(TIMEOUT).header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException(service + " is not reachable at " + origin(built.uri())
                    + " (is lorastream up? ./lorastream status)", e);
        }
        if (response.statusCode() == 404 && absentOn404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(service + " answered " + response.statusCode() + " to " + built.method() + " "
                    + built.uri().getPath() + ": " + response.body());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json));
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
