package io.lorastream.evaluator.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.lorastream.contracts.TaskSpec;
import io.lorastream.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator API: golden sets validated against the task before they are stored; writes only with the admin token
 * ({@code %test} profile: {@value #ADMIN_TOKEN}); decisions and sets readable without one.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OperatorApiTest {

    private static final String TASK = "golden-api";
    private static final String ADMIN_TOKEN = "test-evaluator-admin-token";
    private static final String GOLDEN = "{\"text\":\"free money\",\"label\":\"spam\"}\n"
            + "{\"text\":\"minutes attached\",\"label\":\"ham\"}\n";

    @Test
    void aGoldenSetIsValidatedLineByLineStoredReadAndRemoved() {
        EvaluatorTestKit.putTask(TaskSpec.withDefaults(TASK, List.of("ham", "spam")));
        awaitTaskKnown();

        putGolden(admin(), TASK, "{\"text\":\"free money\",\"label\":\"spam\"}\n{\"text\":\"hi\",\"label\":\"eggs\"}\n")
                .statusCode(400).body("rule", equalTo("invalid_golden_set"))
                .body("error", containsString("line 2: label 'eggs' is not in the task's labels [ham, spam]"));
        assertThat(EvaluatorTestKit.objects().find(key())).isEmpty();

        putGolden(admin(), TASK, GOLDEN).statusCode(200).body("items", equalTo(2)).body("key", equalTo(key()));
        assertThat(new String(EvaluatorTestKit.objects().getBytes(key()), StandardCharsets.UTF_8)).isEqualTo(GOLDEN);
        assertThat(given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200).extract().asString())
                .isEqualTo(GOLDEN);

        admin().delete("/v1/tasks/{task}/golden-set", TASK).then().statusCode(204);
        given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(404).body("rule", equalTo("no_golden_set"));
        assertThat(EvaluatorTestKit.objects().find(key())).isEmpty();
    }

    @Test
    void writesWithoutTheAdminTokenAreRefusedAndChangeNothing() {
        EvaluatorTestKit.putTask(TaskSpec.withDefaults(TASK, List.of("ham", "spam")));
        awaitTaskKnown();
        putGolden(admin(), TASK, GOLDEN).statusCode(200);

        String other = "{\"text\":\"lunch?\",\"label\":\"ham\"}\n";
        putGolden(given(), TASK, other).statusCode(401).body("rule", equalTo("missing_token"))
                .body("field", equalTo("Authorization")).header("WWW-Authenticate", containsString("Bearer"));
        putGolden(given().header("Authorization", "Bearer not-the-admin-token"), TASK, other).statusCode(401)
                .body("rule", equalTo("invalid_token")).body("error", containsString("admin bearer token"))
                .body(org.hamcrest.Matchers.not(containsString("not-the-admin-token")));
        putGolden(given().header("Authorization", "Basic " + ADMIN_TOKEN), TASK, other).statusCode(401)
                .body("rule", equalTo("invalid_token"));
        putGolden(given().header("Authorization", "Bearer " + ADMIN_TOKEN + "x"), TASK, other).statusCode(401);
        given().delete("/v1/tasks/{task}/golden-set", TASK).then().statusCode(401).body("rule", equalTo("missing_token"));
        given().header("Authorization", "Bearer wrong-token-of-some-length").delete("/v1/tasks/{task}/golden-set", TASK)
                .then().statusCode(401).body("rule", equalTo("invalid_token"));

        assertThat(new String(EvaluatorTestKit.objects().getBytes(key()), StandardCharsets.UTF_8))
                .as("refused writes leave the golden set as it was").isEqualTo(GOLDEN);
        // Reads stay open; the scheme name is case-insensitive (RFC 7235).
        given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200);
        given().get("/v1/tasks/{task}/evaluation-sets", TASK).then().statusCode(200);
        putGolden(given().header("Authorization", "bearer " + ADMIN_TOKEN), TASK, other).statusCode(200);
        admin().delete("/v1/tasks/{task}/golden-set", TASK).then().statusCode(204);
    }

    @Test
    void badIdsAndUnknownThingsGetClearErrors() {
        given().get("/v1/tasks/{task}/evaluation-sets", "Not_A_Task").then().statusCode(400)
                .body("field", equalTo("task")).body("rule", equalTo("invalid_task_id"));
        putGolden(admin(), "no-such-task", "{}").statusCode(404).body("rule", equalTo("unknown_task"));
        given().get("/v1/tasks/{task}/decisions/{version}", TASK, "v1").then().statusCode(400)
                .body("rule", equalTo("invalid_version_id"));
        given().get("/v1/tasks/{task}/decisions/{version}", TASK, "v20260101T000000Z-none").then().statusCode(404)
                .body("rule", equalTo("no_decision"));
        given().get("/v1/tasks/{task}/evaluation-sets", "never-seen").then().statusCode(200)
                .body("holdout.items", equalTo(0)).body("retention.items", equalTo(0));
    }

    @Test
    void livenessWatchesTheCandidatesConsumer() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'evaluator-candidates-consumer' }.status", equalTo("UP"));
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static String key() {
        return "golden/" + TASK + ".jsonl";
    }

    /** Bytes, not a String: REST Assured will not encode a String body as {@code application/x-ndjson}. */
    private static ValidatableResponse putGolden(RequestSpecification request, String task, String jsonl) {
        return request.contentType("application/x-ndjson").body(jsonl.getBytes(StandardCharsets.UTF_8))
                .put("/v1/tasks/{task}/golden-set", task).then();
    }

    /** Waits until the service has read the task spec: an invalid body is a 404 for an unknown task, else a 400. */
    private static void awaitTaskKnown() {
        for (int i = 0; i < 300; i++) {
            if (putGolden(admin(), TASK, "{}").extract().statusCode() != 404) {
                return;
            }
            EvaluatorTestKit.sleep(200);
        }
        throw new AssertionError("the service did not learn task " + TASK);
    }
}
