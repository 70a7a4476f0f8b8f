package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.ADMIN_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.awaitChampion;
import static io.lorastream.registry.it.RegistryFixtures.decision;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.devstack.InjectDevStack;
import io.lorastream.servicekit.testing.HostileProbe;
import io.lorastream.servicekit.testing.LogCapture;
import io.lorastream.servicekit.testing.OpenApiEndpoints;
import io.lorastream.servicekit.testing.OpenApiEndpoints.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens and input validation: missing and wrong tokens, read tokens on admin endpoints, attempts to
 * climb out of a path parameter (in every one of them, raw and percent-encoded), attempts to reach
 * the API through the open {@code /q/} prefix, and bodies that break the rules.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class SecurityTest {

    private static final String TASK = "secure";

    @InjectDevStack
    DevStack devStack;

    @TestHTTPResource("/")
    URL registryUrl;

    private final HttpClient http = HttpClient.newHttpClient();
    private static CandidateEvent promoted;

    @BeforeEach
    void oneChampion() {
        if (promoted == null) {
            RegistryFixtures fixtures = new RegistryFixtures(devStack);
            RegistryFixtures.putTask(TASK);
            promoted = fixtures.candidate(TASK, version(1), 1024);
            fixtures.decide(decision(promoted, null, true));
            awaitChampion(TASK, promoted.version());
        }
    }

    /** A request with the path exactly as given (no client-side encoding or normalization). */
    private Reply raw(String method, String rawPath, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registryUrl.toString().replaceAll("/$", "") + rawPath))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    private record Reply(int status, String body, String challenge) {
        JsonNode json() {
            try {
                return ContractJson.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private List<String> everyEndpoint() {
        String v = promoted.version();
        return List.of("GET /v1/tasks", "GET /v1/tasks/" + TASK, "PUT /v1/tasks/" + TASK, "GET /v1/champions",
                "GET /v1/tasks/" + TASK + "/champion", "POST /v1/tasks/" + TASK + "/champion",
                "GET /v1/tasks/" + TASK + "/champion/history", "GET /v1/tasks/" + TASK + "/champion/events",
                "GET /v1/tasks/" + TASK + "/versions", "GET /v1/tasks/" + TASK + "/versions/" + v,
                "GET /v1/tasks/" + TASK + "/versions/" + v + "/files/adapter_model.safetensors",
                "HEAD /v1/tasks/" + TASK + "/versions/" + v + "/files/adapter_model.safetensors",
                "GET /v1/no-such-endpoint", "GET /");
    }

    @Test
    void everyEndpointRefusesAMissingOrUnknownTokenWith401() throws Exception {
        for (String endpoint : everyEndpoint()) {
            String[] parts = endpoint.split(" ", 2);
            String body = parts[0].equals("GET") || parts[0].equals("HEAD") ? null : "{}";
            Reply missing = raw(parts[0], parts[1], null, body);
            assertThat(missing.status()).as(endpoint + " without a token").isEqualTo(401);
            assertThat(missing.challenge()).as(endpoint).isEqualTo("Bearer realm=\"lorastream-registry\"");
            if (!parts[0].equals("HEAD")) {
                assertThat(missing.json().get("rule").asText()).isEqualTo("missing_token");
                assertThat(missing.json().get("field").asText()).isEqualTo("Authorization");
            }
            Reply wrong = raw(parts[0], parts[1], "not-a-token-of-this-registry", body);
            assertThat(wrong.status()).as(endpoint + " with a wrong token").isEqualTo(401);
            if (!parts[0].equals("HEAD")) {
                assertThat(wrong.json().get("rule").asText()).isEqualTo("invalid_token");
            }
        }
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/tasks").then().statusCode(401)
                .body("rule", equalTo("invalid_authorization"));
        // The same token with another case or a trailing byte is a different token.
        given().auth().oauth2(READ_TOKEN.toUpperCase()).get("/v1/tasks").then().statusCode(401);
        given().auth().oauth2(READ_TOKEN + "x").get("/v1/tasks").then().statusCode(401);
    }

    /** Every endpoint of the OpenAPI document, so that a new one is checked without editing this test. */
    private List<Endpoint> openApiEndpoints() {
        Map<String, Object> paths = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Endpoint> endpoints = OpenApiEndpoints.of(paths);
        assertThat(endpoints).extracting(Endpoint::toString).contains("PUT /v1/tasks/{task}", "POST /v1/tasks/{task}/champion",
                "GET /v1/tasks/{task}/versions/{version}/files/{name}");
        return endpoints;
    }

    private Map<String, String> validParameters() {
        return Map.of("task", TASK, "version", promoted.version(), "name", "adapter_model.safetensors");
    }

    @Test
    void theTokenChecksCoverEveryEndpointOfTheOpenApiDocument() {
        List<String> checked = everyEndpoint();
        for (Endpoint endpoint : openApiEndpoints()) {
            assertThat(checked).as("everyEndpoint() lists %s, so the 401 test covers it", endpoint)
                    .contains(endpoint.method() + " " + endpoint.fill(validParameters()));
        }
        assertThat(new HostileProbe(URI.create(registryUrl.toString())).unauthenticatedWrites(openApiEndpoints(), validParameters(),
                ADMIN_TOKEN, "application/json", "{}".getBytes())).isEmpty();
    }

    @Test
    void theSharedHostileSegmentsInEveryPathParameterAreRefusedNamingTheParameter() {
        assertThat(new HostileProbe(URI.create(registryUrl.toString())).hostilePathParameters(openApiEndpoints(), validParameters(),
                "Bearer " + ADMIN_TOKEN, "application/json", "{}".getBytes())).isEmpty();
        // Nothing changed: the champion is the one promoted.
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", TASK).then().statusCode(200)
                .body("version", equalTo(promoted.version()));
    }

    @Test
    void aReadTokenReadsButCannotChangeTasksOrChampions() {
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks").then().statusCode(200).body("tasks.task", org.hamcrest.Matchers.hasItem(TASK));
        given().auth().oauth2(READ_TOKEN).contentType("application/json")
                .body("{\"task\":\"" + TASK + "\",\"labels\":[\"a\",\"b\"]}").put("/v1/tasks/{task}", TASK)
                .then().statusCode(403).body("rule", equalTo("admin_required")).body("error", containsString("test-reader"));
        given().auth().oauth2(READ_TOKEN).contentType("application/json")
                .body("{\"version\":\"" + promoted.version() + "\",\"reason\":\"x\"}").post("/v1/tasks/{task}/champion", TASK)
                .then().statusCode(403).body("rule", equalTo("admin_required"));
        given().auth().oauth2(ADMIN_TOKEN).get("/v1/tasks/{task}/champion", TASK).then().statusCode(200);
    }

    @Test
    void quarkusEndpointsAreOpenButDoNotOpenTheApi() throws Exception {
        assertThat(raw("GET", "/q/health/live", null, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/q/metrics", null, null).status()).isEqualTo(200);
        for (String sneaky : List.of("/q/../v1/tasks", "/q/%2e%2e/v1/tasks", "/q/..%2Fv1/tasks", "/q/%2E%2E%2Fv1%2Ftasks",
                "/q/health/../../v1/tasks", "/q//../v1/tasks")) {
            Reply reply = raw("GET", sneaky, null, null);
            assertThat(reply.status()).as(sneaky).isIn(400, 401, 404);
            assertThat(reply.body()).as(sneaky).doesNotContain("\"tasks\"");
        }
    }

    @Test
    void traversalInEveryPathParameterIsRefusedNamingTheParameter() throws Exception {
        String v = promoted.version();
        String files = "/files/adapter_model.safetensors";
        List<String[]> attempts = new ArrayList<>();
        for (String task : List.of("..", "%2e%2e", "..%2F..%2Fcandidates", "secure%2F..%2Fother", "Secure", "secure%00",
                "secure%20", "-secure", "a".repeat(64), "%2F")) {
            attempts.add(new String[] {"/v1/tasks/" + task + "/champion", "task", "invalid_task_id"});
            attempts.add(new String[] {"/v1/tasks/" + task + "/versions/" + v + files, "task", "invalid_task_id"});
        }
        for (String version : List.of("..", "..%2F..%2Fcandidates%2Fsecure%2F" + v, v + "%2F..", "latest", v.toUpperCase(),
                "%2e%2e%2f" + v, v + "%00")) {
            attempts.add(new String[] {"/v1/tasks/" + TASK + "/versions/" + version, "version", "invalid_version_id"});
            attempts.add(new String[] {"/v1/tasks/" + TASK + "/versions/" + version + files, "version", "invalid_version_id"});
        }
        for (String name : List.of("..", "..%2Fadapter_model.safetensors", "..%2F..%2F..%2Fcandidates%2Fsecure%2F" + v
                        + "%2Fadapter_model.safetensors", ".hidden", "a%2Fb", "%2e%2e%2fevaluation.json", "x%5C..%5Cy",
                "adapter_model.safetensors%00", "a..b")) {
            attempts.add(new String[] {"/v1/tasks/" + TASK + "/versions/" + v + "/files/" + name, "name", "invalid_file_name"});
        }
        for (String[] attempt : attempts) {
            Reply reply = raw("GET", attempt[0], READ_TOKEN, null);
            String resolved = dotSegmentsResolved(attempt[0]);
            if (!resolved.equals(attempt[0])) {
                // The HTTP layer resolves '..' segments before routing, as RFC 3986 says: the answer is
                // exactly the answer for the resolved path, which stays inside the API.
                Reply direct = raw("GET", resolved, READ_TOKEN, null);
                assertThat(reply.status()).as(attempt[0] + " resolves to " + resolved).isEqualTo(direct.status());
                assertThat(reply.body()).as(attempt[0]).isEqualTo(direct.body());
                continue;
            }
            assertThat(reply.status()).as(attempt[0]).isEqualTo(400);
            assertThat(reply.json().get("field").asText()).as(attempt[0]).isEqualTo(attempt[1]);
            assertThat(reply.json().get("rule").asText()).as(attempt[0]).isEqualTo(attempt[2]);
            assertThat(reply.json().get("error").asText()).as(attempt[0]).contains("must match");
        }
        // Never a 200 for any of them: nothing outside adapters/<task>/<version>/ is reachable.
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}/files/training.json", TASK, v)
                .then().statusCode(200);
    }

    /** The path with percent-encoded dots decoded and dot segments removed, as the server's HTTP layer does. */
    private static String dotSegmentsResolved(String path) {
        return HostileProbe.dotSegmentsResolved(path);
    }

    @Test
    void badBodiesAndHeadersAreRefusedNamingTheFieldAndTheRule() {
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body("{\"task\":\"secure\",")
                .put("/v1/tasks/{task}", TASK).then().statusCode(400).body("rule", equalTo("contract_violation"))
                .body("error", containsString("malformed JSON"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body("{\"task\":\"secure\"}")
                .put("/v1/tasks/{task}", TASK).then().statusCode(400).body("error", containsString("'labels' is required"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body("{\"task\":\"other\",\"labels\":[\"a\",\"b\"]}")
                .put("/v1/tasks/{task}", TASK).then().statusCode(400).body("field", equalTo("task"))
                .body("rule", equalTo("task_mismatch"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body("{\"task\":\"secure\",\"labels\":[\"a\",\"b\"],\"color\":1}")
                .put("/v1/tasks/{task}", TASK).then().statusCode(400).body("error", containsString("unknown field 'color'"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body("{\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .put("/v1/tasks/{task}", TASK).then().statusCode(413).body("rule", equalTo("body_too_large"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body("")
                .put("/v1/tasks/{task}", TASK).then().statusCode(400).body("rule", equalTo("empty_body"));

        String champion = "/v1/tasks/{task}/champion";
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body("{\"version\":\"../../x\",\"reason\":\"r\"}")
                .post(champion, TASK).then().statusCode(400).body("field", equalTo("version"))
                .body("rule", equalTo("invalid_version_id"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body("{\"version\":\"" + promoted.version() + "\",\"reason\":\"r\",\"force\":true}")
                .post(champion, TASK).then().statusCode(400).body("field", equalTo("force")).body("rule", equalTo("unknown_field"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body("{\"version\":\"" + promoted.version() + "\"}")
                .post(champion, TASK).then().statusCode(400).body("field", equalTo("reason")).body("rule", equalTo("required"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body("{\"version\":\"" + promoted.version() + "\",\"reason\":\"" + "r".repeat(501) + "\"}")
                .post(champion, TASK).then().statusCode(400).body("rule", equalTo("too_long"));
        given().auth().oauth2(READ_TOKEN).header("If-None-Match", "\"../../etc\"").get(champion, TASK).then()
                .statusCode(400).body("field", equalTo("If-None-Match"));
        given().auth().oauth2(READ_TOKEN).queryParam("limit", "100000").get("/v1/tasks/{task}/versions", TASK).then()
                .statusCode(400).body("field", equalTo("limit"));
        given().auth().oauth2(READ_TOKEN).queryParam("cursor", "../x").get("/v1/tasks/{task}/versions", TASK).then()
                .statusCode(400).body("field", equalTo("cursor"));
        given().auth().oauth2(READ_TOKEN).queryParam("status", "drop table").get("/v1/tasks/{task}/versions", TASK).then()
                .statusCode(400).body("field", equalTo("status"));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}", "unknown-task").then().statusCode(404)
                .body("rule", equalTo("unknown_task"));
    }

    @Test
    void tokensNeverReachTheLog() throws Exception {
        try (LogCapture capture = LogCapture.start()) {
            String guessed = "guessed-token-" + System.nanoTime();
            raw("GET", "/v1/tasks", guessed, null);
            raw("PUT", "/v1/tasks/" + TASK, READ_TOKEN, "{}");
            given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                    .body("{\"version\":\"" + promoted.version() + "\",\"reason\":\"keep\"}")
                    .post("/v1/tasks/{task}/champion", TASK).then().statusCode(200);
            // Proves the capture sees the service's log at all.
            org.jboss.logging.Logger.getLogger(SecurityTest.class).info("capture-sentinel");
            assertThat(capture.lines()).anyMatch(line -> line.contains("capture-sentinel")).noneMatch(line -> line.contains(guessed) || line.contains(READ_TOKEN)
                    || line.contains(ADMIN_TOKEN) || line.contains(devStack.secretKey()));
        }
        assertThat(given().get("/q/metrics").asString()).doesNotContain(READ_TOKEN).doesNotContain(ADMIN_TOKEN)
                .doesNotContain(devStack.secretKey())
                .contains("lorastream_registry_auth_failures_total{rule=\"invalid_token\"}");
    }
}
