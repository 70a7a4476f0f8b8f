package io.lorastream.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.servicekit.testing.HostileProbe;
import io.lorastream.servicekit.testing.OpenApiEndpoints;
import io.lorastream.servicekit.testing.OpenApiEndpoints.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against the running ingest-service on the devstack: every state-changing endpoint of its OpenAPI
 * document refuses a missing, wrong or wrong-scheme token; every path parameter refuses the shared corpus of traversal
 * and key-injection segments; hostile bodies get a status and a body naming the field and the rule; after each, a
 * valid request still works. Runs with its own producer token and a log file, to prove neither the configured nor a
 * presented token reaches the log or the metrics.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(HostileInputTest.KnownSecrets.class)
class HostileInputTest {

    static final String TOKEN = "hostile-test-producer-token-7f3a9c";
    static final Path LOG_FILE = Path.of("target", "hostile-input-test.log");

    /** A known producer token and the service's log in a file the test reads. */
    public static class KnownSecrets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lorastream.ingest.auth.tokens", TOKEN,
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG_FILE.toAbsolutePath().toString(),
                    "quarkus.log.file.level", "ALL",
                    "quarkus.log.category.\"io.lorastream\".level", "DEBUG");
        }
    }

    private static final TaskSpec TASK = TaskSpec.withDefaults("hostile", List.of("ham", "spam"));
    private static final String EXAMPLES = "/v1/tasks/{task}/examples";
    private static boolean registered;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void registerTask() {
        if (!registered) {
            IngestTestSupport.kafka().putTask(TASK);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (rawPost("/v1/tasks/hostile/examples", TOKEN, "application/json", new byte[0]).status != 400) {
                assertThat(System.nanoTime()).as("the service learns task hostile within 60 s").isLessThan(deadline);
                IngestTestSupport.sleep(100);
            }
            registered = true;
        }
    }

    private List<Endpoint> endpoints() {
        Map<String, Object> paths = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Endpoint> endpoints = OpenApiEndpoints.of(paths);
        // Guards against an empty or unreadable document passing every loop below vacuously.
        assertThat(endpoints).extracting(Endpoint::toString).contains("POST " + EXAMPLES);
        return endpoints;
    }

    @Test
    void everyStateChangingEndpointRefusesAMissingWrongOrForeignTokenWith401() {
        byte[] row = utf8("[{\"text\":\"token check\",\"label\":\"ham\"}]");
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints.stream().filter(Endpoint::changesState)).isNotEmpty();
        assertThat(probe().unauthenticatedWrites(endpoints, Map.of("task", TASK.task()), TOKEN, "application/json", row)).isEmpty();
        assertThat(rawPost("/v1/tasks/hostile/examples", null, "application/json", row).json().path("rule").asText())
                .isEqualTo("missing_token");
        assertThat(rawPost("/v1/tasks/hostile/examples", "wrong-token-of-sixteen", "application/json", row).json().path("rule").asText())
                .isEqualTo("invalid_token");
        // Nothing refused reached Kafka; the right token is accepted, once.
        assertThat(rawPost("/v1/tasks/hostile/examples", TOKEN, "application/json", row).status).isEqualTo(202);
        KafkaTestClient kafka = IngestTestSupport.kafka();
        assertThat(java.util.stream.Stream.concat(kafka.examples(Topics.EXAMPLES_TRAIN, TASK.task()).stream(),
                kafka.examples(Topics.EXAMPLES_HOLDOUT, TASK.task()).stream()).filter(e -> e.text().equals("token check"))).hasSize(1);
    }

    @Test
    void hostileSegmentsInEveryPathParameterAreRefusedAndTheServiceStaysUp() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints.stream().filter(e -> !e.parameters().isEmpty())).isNotEmpty();
        assertThat(probe().hostilePathParameters(endpoints, Map.of("task", TASK.task()), "Bearer " + TOKEN, "application/json",
                utf8("[{\"text\":\"segment probe\",\"label\":\"ham\"}]"))).isEmpty();
        assertThat(rawPost("/v1/tasks/hostile/examples", TOKEN, "application/json",
                utf8("[{\"text\":\"after the segments\",\"label\":\"ham\"}]")).status).isEqualTo(202);
    }

    /** One hostile body: what it is, how it is sent, and the status, field and rule expected. */
    private record HostileBody(String name, String contentType, byte[] body, int status, String field, String rule) {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] nestedArrays(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(depth * 2);
        for (int i = 0; i < depth; i++) {
            out.write('[');
        }
        for (int i = 0; i < depth; i++) {
            out.write(']');
        }
        return out.toByteArray();
    }

    @Test
    void hostileBodiesGetAStatusNamingTheFieldAndTheRuleAndTheServiceStaysUp() {
        String deep = new String(nestedArrays(100_000), StandardCharsets.US_ASCII);
        byte[] invalidUtf8 = utf8("[{\"text\":\"bad x\",\"label\":\"ham\"}]");
        invalidUtf8[10] = (byte) 0xC3;
        invalidUtf8[11] = (byte) 0x28;
        List<HostileBody> bodies = List.of(
                new HostileBody("100k nested arrays", "application/json", utf8(deep), 400, "(body)", "malformed_json"),
                new HostileBody("100k nested arrays inside a row", "application/json",
                        utf8("[{\"text\":\"a\",\"label\":\"ham\",\"extra\":" + deep + "}]"), 400, "(body)", "malformed_json"),
                new HostileBody("100k nested objects", "application/json",
                        utf8("[" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "]"), 400, "(body)", "malformed_json"),
                new HostileBody("a field name of 1 MB", "application/json",
                        utf8("[{\"" + "k".repeat(1 << 20) + "\":1,\"text\":\"a\",\"label\":\"ham\"}]"), 400, "(body)", "malformed_json"),
                new HostileBody("a number of 1 MB digits", "application/json",
                        utf8("[{\"text\":\"a\",\"label\":\"ham\",\"weight\":" + "9".repeat(1 << 20) + "}]"), 400, "(body)", "malformed_json"),
                new HostileBody("invalid UTF-8", "application/json", invalidUtf8, 400, "(body)", "invalid_utf8"),
                new HostileBody("raw control character in a string", "application/json",
                        utf8("[{\"text\":\"bell\u0007\",\"label\":\"ham\"}]"), 400, "(body)", "malformed_json"),
                new HostileBody("truncated array", "application/json", utf8("[{\"text\":\"a\",\"label\":\"ham\"}"), 400, "(body)", "malformed_json"),
                new HostileBody("an object, not an array", "application/json", utf8("{\"text\":\"a\",\"label\":\"ham\"}"), 400, "(body)", "not_an_array"),
                new HostileBody("two JSON values", "application/json", utf8("[][]"), 400, "(body)", "malformed_json"),
                new HostileBody("NDJSON with one line nested 100k deep", "application/x-ndjson",
                        utf8("{\"text\":\"a\",\"label\":\"ham\"}\n" + deep + "\n"), 202, null, null),
                new HostileBody("a content type that is neither", "text/xml", utf8("<a/>"), 415, "Content-Type", "unsupported_media_type"),
                new HostileBody("a body over the limit", "application/json", new byte[17 * 1024 * 1024], 413, "(body)", "body_too_large"));
        for (HostileBody hostile : bodies) {
            Reply reply = rawPost("/v1/tasks/hostile/examples", TOKEN, hostile.contentType, hostile.body);
            assertThat(reply.status).as("%s: %s", hostile.name, HostileProbe.abbreviated(reply.body)).isEqualTo(hostile.status);
            if (hostile.field != null) {
                assertThat(reply.json().path("field").asText()).as(hostile.name).isEqualTo(hostile.field);
                assertThat(reply.json().path("rule").asText()).as(hostile.name).isEqualTo(hostile.rule);
                assertThat(reply.json().path("error").asText()).as(hostile.name).isNotBlank();
            }
            assertThat(rawPost("/v1/tasks/hostile/examples", TOKEN, "application/json",
                    utf8("[{\"text\":\"still up after " + hostile.name + "\",\"label\":\"ham\"}]")).status)
                    .as("a valid request after %s", hostile.name).isEqualTo(202);
        }
    }

    @Test
    void hostileRowsAreRejectedOneByOneNamingTheFieldAndTheRule() {
        String rows = String.join("\n",
                "{\"text\":\"fine row\",\"label\":\"ham\"}",
                "{\"text\":\"broken\",\"label\":",
                "{\"text\":5,\"label\":\"ham\"}",
                "{\"text\":\"wrong label type\",\"label\":[\"ham\"]}",
                "{\"text\":\"overflowing weight\",\"label\":\"ham\",\"weight\":1e400}",
                "{\"text\":\"negative weight\",\"label\":\"ham\",\"weight\":-1}",
                "{\"text\":\"overflowing timestamp\",\"label\":\"ham\",\"timestamp\":\"+1000000001-01-01T00:00:00Z\"}",
                "{\"text\":\"unknown label\",\"label\":\"ham\\u0000\"}",
                "{\"text\":\"\",\"label\":\"ham\"}",
                "{\"text\":\"unknown fields are refused\",\"label\":\"ham\",\"__proto__\":{\"admin\":true},\"$where\":\"1\"}",
                "{\"text\":\"escaped NUL \\u0000 and bidi \\u202e text\",\"label\":\"spam\"}",
                "{\"text\":\"x\",\"label\":\"ham\",\"id\":\"" + "i".repeat(300) + "\"}");
        Reply reply = rawPost("/v1/tasks/hostile/examples", TOKEN, "application/x-ndjson", utf8(rows));
        assertThat(reply.status).as(reply.body).isEqualTo(202);
        JsonNode report = reply.json();
        assertThat(report.path("accepted").asInt() + report.path("duplicates").asInt()).as(reply.body).isEqualTo(1);
        Map<Integer, String> expected = new java.util.HashMap<>(Map.of(1, "(row) malformed_json", 2, "text wrong_type",
                3, "label wrong_type", 4, "weight weight_out_of_range", 5, "weight weight_out_of_range", 6, "timestamp",
                7, "label label_not_in_set", 8, "text empty_text", 9, "__proto__ unknown_field", 10, "text control_characters"));
        expected.put(11, "id too_long");
        Map<Integer, JsonNode> rejections = new java.util.HashMap<>();
        report.path("rejections").forEach(r -> rejections.put(r.path("index").asInt(), r));
        assertThat(rejections.keySet()).as(reply.body).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((index, fieldOrRule) -> {
            JsonNode r = rejections.get(index);
            assertThat(r.path("field").asText() + " " + r.path("rule").asText()).as("row %d: %s", index, r).contains(fieldOrRule);
            assertThat(r.path("rule").asText()).as("row %d", index).isNotBlank();
        });
    }

    @Test
    void neitherTheConfiguredNorAPresentedTokenReachesTheLogOrTheMetrics() throws Exception {
        String presented = "presented-wrong-token-" + System.nanoTime();
        rawPost("/v1/tasks/hostile/examples", presented, "application/json", utf8("[{\"text\":\"a\",\"label\":\"ham\"}]"));
        probe().send("POST", "/v1/tasks/hostile/examples", "Basic " + presented, "application/json", utf8("[]"));
        rawPost("/v1/tasks/" + presented + "/examples", TOKEN, "application/json", utf8("[]"));
        rawPost("/v1/tasks/hostile/examples", TOKEN, "application/json", utf8("[{\"text\":\"logged run\",\"label\":\"ham\"}]"));
        org.jboss.logging.Logger.getLogger(HostileInputTest.class).info("log-capture-sentinel");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String log = awaitLogLine("log-capture-sentinel");
        // The log is the service's own: its start-up lines are there.
        assertThat(log).contains("lorastream-ingest");
        assertThat(log).doesNotContain(TOKEN).doesNotContain(presented.substring(0, 24));
        assertThat(metrics).contains("http_server_requests_seconds_count").doesNotContain(TOKEN).doesNotContain(presented);
    }

    private static String awaitLogLine(String line) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String log = Files.exists(LOG_FILE) ? Files.readString(LOG_FILE) : "";
            if (log.contains(line) || System.nanoTime() > deadline) {
                assertThat(log).as("the log file %s", LOG_FILE).contains(line);
                return log;
            }
            Thread.sleep(100);
        }
    }

    private HostileProbe probe() {
        return new HostileProbe(base);
    }

    private Reply rawPost(String rawPath, String token, String contentType, byte[] body) {
        return new Reply(probe().send("POST", rawPath, token == null ? null : "Bearer " + token, contentType, body));
    }

    /** The probe's reply with its JSON body at hand. */
    private record Reply(int status, String body) {
        Reply(HostileProbe.Reply reply) {
            this(reply.status(), reply.body());
        }

        JsonNode json() {
            try {
                return ContractJson.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + HostileProbe.abbreviated(body), e);
            }
        }
    }
}
