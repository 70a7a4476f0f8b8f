package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.ADMIN_NAME;
import static io.lorastream.registry.it.RegistryFixtures.ADMIN_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.awaitStatus;
import static io.lorastream.registry.it.RegistryFixtures.decision;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.registry.client.AdapterWatcher;
import io.lorastream.registry.client.InstalledAdapter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The API around the promotion flow: task specs land on the compacted tasks topic and come back from
 * it, the versions listing pages, and an admin promotes an approved version that never was champion
 * (a stale approval), which a client built from a URL and a token picks up.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class RegistryApiTest extends RunningRegistry {

    @Test
    void aTaskSpecIsWrittenToTheTasksTopicAndServedFromIt() {
        String task = "api-task";
        TaskSpec first = TaskSpec.withDefaults(task, List.of("ham", "spam"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body(ContractJson.toJson(first))
                .put("/v1/tasks/{task}", task).then().statusCode(201).body("labels", equalTo(List.of("ham", "spam")));
        TaskSpec second = TaskSpec.withDefaults(task, List.of("ham", "spam", "phishing"));
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json").body(ContractJson.toJson(second))
                .put("/v1/tasks/{task}", task).then().statusCode(200);

        List<TaskSpec> onTopic = fixtures.records(Topics.TASKS, task).stream()
                .map(value -> ContractJson.fromBytes(value, TaskSpec.class)).toList();
        assertThat(onTopic).extracting(TaskSpec::labels)
                .containsExactly(List.of("ham", "spam"), List.of("ham", "spam", "phishing"));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}", task).then().statusCode(200)
                .body("task", equalTo(task)).body("labels", equalTo(List.of("ham", "spam", "phishing")));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks").then().statusCode(200).body("tasks.task", hasItem(task));
    }

    @Test
    void versionsArePagedNewestFirstWithACursor() {
        String task = "api-paging";
        RegistryFixtures.putTask(task);
        for (int n = 1; n <= 5; n++) {
            fixtures.candidate(task, version(n), 64);
        }
        awaitStatus(task, version(5), "candidate");
        RegistryFixtures.await("all five versions listed", () -> given().auth().oauth2(READ_TOKEN)
                .get("/v1/tasks/{task}/versions", task).jsonPath().getList("versions").size() == 5);

        String path = "/v1/tasks/{task}/versions";
        given().auth().oauth2(READ_TOKEN).queryParam("limit", 2).get(path, task).then().statusCode(200)
                .body("versions.version", equalTo(List.of(version(5), version(4))))
                .body("versions[0].status", equalTo("candidate"))
                .body("versions[0].lineage.trainedOnRecords", equalTo(200))
                .body("nextCursor", equalTo(version(4)));
        given().auth().oauth2(READ_TOKEN).queryParam("limit", 2).queryParam("cursor", version(4)).get(path, task).then()
                .body("versions.version", equalTo(List.of(version(3), version(2)))).body("nextCursor", equalTo(version(2)));
        given().auth().oauth2(READ_TOKEN).queryParam("limit", 2).queryParam("cursor", version(2)).get(path, task).then()
                .body("versions.version", equalTo(List.of(version(1)))).body("nextCursor", nullValue());
        given().auth().oauth2(READ_TOKEN).queryParam("limit", 0).get(path, task).then().statusCode(400)
                .body("field", equalTo("limit")).body("rule", equalTo("invalid_limit"));
        given().auth().oauth2(READ_TOKEN).get(path, "api-no-such-task").then().statusCode(404)
                .body("rule", equalTo("unknown_task"));
    }

    @Test
    void anAdminPromotesAStaleApprovalAndAClientBuiltFromAUrlAndATokenPicksItUp() throws Exception {
        String task = "api-promote";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 512);
        CandidateEvent v2 = fixtures.champion(task, 2, v1.version(), 512);
        CandidateEvent v3 = fixtures.candidate(task, version(3), 512);
        fixtures.decide(decision(v3, v1.version(), true));
        awaitStatus(task, v3.version(), "approved");

        RecordingListener listener = new RecordingListener();
        URI registry = URI.create(registryUrl.toString());
        try (AdapterWatcher watcher = AdapterWatcher.builder(registry, task, clientDir).token(READ_TOKEN)
                .listener(listener).optLongPollWait(Duration.ofSeconds(20)).start()) {
            Optional<InstalledAdapter> first = watcher.awaitAdapter(Duration.ofSeconds(60));
            assertThat(first).map(InstalledAdapter::version).contains(v2.version());
            assertThat(listener.installed).extracting(RecordingListener.Installed::version).containsExactly(v2.version());

            given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                    .body("{\"version\":\"" + v3.version() + "\",\"reason\":\"v3 reads invoices better\"}")
                    .post("/v1/tasks/{task}/champion", task).then().statusCode(200).body("changed", equalTo(true))
                    .body("champion.previousVersion", equalTo(v2.version()))
                    .body("champion.reason", equalTo("promotion by " + ADMIN_NAME + ": v3 reads invoices better"));
            listener.awaitVersion(v3.version());
            assertThat(watcher.current()).map(InstalledAdapter::version).contains(v3.version());
        }
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion/history", task).then()
                .body("changes.kind", equalTo(List.of("APPROVED", "APPROVED", "PROMOTION")))
                .body("changes[2].actor", equalTo(ADMIN_NAME));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}", task, v3.version()).then()
                .body("summary.status", equalTo("champion"));
    }

    @Test
    void awaitingAnAdapterOfATaskWithoutAChampionEndsEmptyAtTheTimeout() throws Exception {
        String task = "api-no-champion";
        RegistryFixtures.putTask(task);
        try (AdapterWatcher watcher = AdapterWatcher.builder(URI.create(registryUrl.toString()), task, clientDir)
                .token(READ_TOKEN).start()) {
            assertThat(watcher.awaitAdapter(Duration.ofMillis(500))).isEmpty();
        }
        assertThat(AdapterWatcher.builder(URI.create(registryUrl.toString()), task, clientDir).token(null).build()
                .current()).isEmpty();
    }
}
