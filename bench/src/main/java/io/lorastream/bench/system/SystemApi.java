package io.lorastream.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorastream.lora.data.SpamAssassinEmail;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The few calls of the local system's HTTP APIs the system benchmarks make: create a task, send examples. */
final class SystemApi {

    /** What ingest answered for a batch, and when the answer arrived (every accepted row is on Kafka by then). */
    record Sent(int train, int holdout, int duplicates, int rejected, Instant acknowledgedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalSystem system;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SystemApi(LocalSystem system) {
        this.system = system;
    }

    static ObjectMapper json() {
        return JSON;
    }

    /**
     * A ham/spam task that trains every {@code window} new train examples (and, should the mail stop
     * short, on what it has after {@code maxWait}) and holds out {@code holdoutShare} for the evaluator.
     */
    static ObjectNode spamTask(String task, int window, String maxWait, double holdoutShare) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("task", task);
        spec.putArray("labels").add("ham").add("spam");
        ObjectNode trigger = spec.putObject("trigger");
        trigger.put("minNewExamples", window);
        trigger.put("maxWait", maxWait);
        trigger.put("minExamplesOnTimeout", Math.min(window, 20));
        spec.put("holdoutShare", holdoutShare);
        return spec;
    }

    /** Creates the task in the registry (admin), which publishes it to every service. */
    void putTask(String task, ObjectNode spec) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(system.registry().resolve("/v1/tasks/" + task))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(spec)))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + system.adminToken())
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("registry refused task " + task + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * Sends one batch of mails as labeled examples. A 404 right after the task was created means ingest
     * has not read the task yet; that is retried for up to 30 s, anything else fails.
     */
    Sent send(String task, List<SpamAssassinEmail> mails, String idPrefix) throws IOException, InterruptedException {
        ArrayNode rows = JSON.createArrayNode();
        for (SpamAssassinEmail mail : mails) {
            rows.addObject().put("id", idPrefix + mail.group().directoryName() + "-" + mail.id())
                    .put("text", mail.text()).put("label", mail.label());
        }
        byte[] body = JSON.writeValueAsBytes(rows);
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(system.ingest().resolve("/v1/tasks/" + task + "/examples"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60));
            if (system.ingestToken() != null) {
                request.header("Authorization", "Bearer " + system.ingestToken());
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Instant at = Instant.now();
            if (answer.statusCode() == 202 || answer.statusCode() == 200) {
                JsonNode counts = JSON.readTree(answer.body());
                return new Sent(counts.path("train").asInt(), counts.path("holdout").asInt(),
                        counts.path("duplicates").asInt(), counts.path("rejected").asInt(), at);
            }
            if (answer.statusCode() != 404 || at.isAfter(deadline)) {
                throw new IOException("ingest answered " + answer.statusCode() + ": " + answer.body());
            }
            Thread.sleep(250);
        }
    }
}
