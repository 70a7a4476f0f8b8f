package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.ADMIN_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.awaitStatus;
import static io.lorastream.registry.it.RegistryFixtures.decision;
import static io.lorastream.registry.it.RegistryFixtures.metric;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.devstack.InjectDevStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The metrics the issue asks for, moved by real traffic on one task: champion version and age,
 * promotions, rejections, rollbacks, download bytes and time, and the 304 share of lookups.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class MetricsTest {

    @InjectDevStack
    DevStack devStack;

    @Test
    void promotionsRejectionsRollbacksDownloadsAndLookupsAreCounted() {
        RegistryFixtures fixtures = new RegistryFixtures(devStack);
        String task = "metrics";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 10_000);
        RegistryFixtures.await("the promotion counted",
                () -> metric("lorastream_registry_promotions_total", "task=" + task, "kind=approved") == 1);
        assertThat(metric("lorastream_registry_champion_info", "task=" + task, "version=" + v1.version())).isEqualTo(1);
        assertThat(metric("lorastream_registry_champion_age_seconds", "task=" + task)).isBetween(0.0, 600.0);

        CandidateEvent v2 = fixtures.champion(task, 2, v1.version(), 10_000);
        CandidateEvent v3 = fixtures.candidate(task, version(3), 10_000);
        fixtures.decide(decision(v3, v2.version(), false));
        awaitStatus(task, v3.version(), "rejected");
        RegistryFixtures.await("the rejection counted",
                () -> metric("lorastream_registry_rejections_total", "task=" + task) == 1);
        assertThat(metric("lorastream_registry_promotions_total", "task=" + task)).isEqualTo(2);
        assertThat(metric("lorastream_registry_champion_info", "task=" + task)).as("one version series per task")
                .isEqualTo(1);
        assertThat(metric("lorastream_registry_champion_info", "task=" + task, "version=" + v2.version())).isEqualTo(1);

        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body("{\"version\":\"" + v1.version() + "\",\"reason\":\"back\"}")
                .post("/v1/tasks/{task}/champion", task).then().statusCode(200);
        assertThat(metric("lorastream_registry_rollbacks_total", "task=" + task)).isEqualTo(1);
        assertThat(metric("lorastream_registry_promotions_total", "task=" + task)).as("a rollback is no promotion")
                .isEqualTo(2);
        RegistryFixtures.await("the version gauge to follow the rollback",
                () -> metric("lorastream_registry_champion_info", "task=" + task, "version=" + v1.version()) == 1);

        double bytesBefore = metric("lorastream_registry_download_bytes_total", "task=" + task);
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}/files/adapter_model.safetensors",
                task, v1.version()).then().statusCode(200);
        assertThat(metric("lorastream_registry_download_bytes_total", "task=" + task) - bytesBefore).isEqualTo(10_000);
        assertThat(metric("lorastream_registry_download_seconds_count", "task=" + task)).isGreaterThanOrEqualTo(1);

        double notModifiedBefore = metric("lorastream_registry_champion_requests_total", "outcome=not_modified");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(READ_TOKEN).header("If-None-Match", "\"" + v1.version() + "\"")
                    .get("/v1/tasks/{task}/champion", task).then().statusCode(304);
        }
        assertThat(metric("lorastream_registry_champion_requests_total", "outcome=not_modified") - notModifiedBefore)
                .isEqualTo(3);
        assertThat(metric("lorastream_registry_champion_not_modified_ratio")).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    }
}
