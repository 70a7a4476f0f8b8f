package io.lorastream.trainer.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.servicekit.testing.HostileProbe;
import io.lorastream.servicekit.testing.LogCapture;
import io.lorastream.servicekit.testing.OpenApiEndpoints;
import io.lorastream.servicekit.testing.OpenApiEndpoints.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against the running trainer on the devstack: every state-changing endpoint of its OpenAPI document
 * refuses a missing, wrong or forged admin token with 401; every path parameter refuses the shared traversal and
 * key-injection corpus naming the parameter; neither the admin token, a presented token nor the S3 secret reaches the
 * log or the metrics.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class HostileInputTest {

    /** The {@code %test} profile's admin token. */
    private static final String ADMIN_TOKEN = "test-admin-token";
    private static final Map<String, String> VALID = Map.of("task", "t-hostile");

    @TestHTTPResource("/")
    URI base;

    private List<Endpoint> endpoints() {
        Map<String, Object> paths = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Endpoint> endpoints = OpenApiEndpoints.of(paths);
        // Guards against an empty or unreadable document passing every loop below vacuously.
        assertThat(endpoints).extracting(Endpoint::toString)
                .contains("POST /v1/tasks/{task}/jobs", "DELETE /v1/tasks/{task}/jobs/current", "GET /v1/tasks/{task}");
        return endpoints;
    }

    @Test
    void everyStateChangingEndpointRefusesAMissingWrongOrForgedTokenWith401() {
        List<Endpoint> endpoints = endpoints();
        assertThat(new HostileProbe(base).unauthenticatedWrites(endpoints, VALID, ADMIN_TOKEN, null, null)).isEmpty();
        // A valid token passes the gate (the task is unknown: 404 from the resource, not 401 from the filter).
        given().header("Authorization", "Bearer " + ADMIN_TOKEN).post("/v1/tasks/t-hostile/jobs").then().statusCode(404);
    }

    @Test
    void hostileSegmentsInEveryPathParameterAreRefusedNamingTheParameter() {
        assertThat(new HostileProbe(base).hostilePathParameters(endpoints(), VALID, "Bearer " + ADMIN_TOKEN, null, null))
                .isEmpty();
        given().get("/v1/tasks").then().statusCode(200);
    }

    @Test
    void neitherTheAdminTokenNorAPresentedTokenNorTheS3SecretReachesTheLogOrTheMetrics() {
        LogCapture capture = LogCapture.start();
        String presented = "presented-wrong-token-" + System.nanoTime();
        try {
            HostileProbe probe = new HostileProbe(base);
            probe.send("POST", "/v1/tasks/t-hostile/jobs", "Bearer " + presented, null, null);
            probe.send("DELETE", "/v1/tasks/t-hostile/jobs/current", "Basic " + presented, null, null);
            probe.send("GET", "/v1/tasks/" + presented, "Bearer " + presented, null, null);
            probe.send("POST", "/v1/tasks/t-hostile/jobs", "Bearer " + ADMIN_TOKEN, null, null);
            org.jboss.logging.Logger.getLogger(HostileInputTest.class).info("capture-sentinel");
        } finally {
            capture.close();
        }
        List<String> logged = capture.lines();
        DevStack stack = DevStackTestResource.current();
        String secret = stack.secretKey();
        assertThat(secret).isNotBlank();
        assertThat(logged).as("the capture sees the log").anyMatch(l -> l.contains("capture-sentinel"));
        assertThat(logged).noneMatch(l -> l.contains(ADMIN_TOKEN) || l.contains(presented) || l.contains(secret));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("lorastream_trainer").doesNotContain(ADMIN_TOKEN).doesNotContain(presented)
                .doesNotContain(secret);
    }
}
