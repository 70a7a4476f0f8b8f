package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.awaitChampion;
import static io.lorastream.registry.it.RegistryFixtures.decision;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.registry.client.AdapterWatcher;
import io.lorastream.registry.client.RegistryClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Things going away: the registry (for its clients), the object store and the broker (for the
 * registry). Health says so, champions keep being served from memory, and nothing approved is lost.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OutageTest extends RunningRegistry {

    @Test
    void theClientRidesOutARegistryOutageAndPicksUpTheChampionItMissed() throws Exception {
        String task = "outage-client";
        RegistryFixtures.putTask(task);
        try (TcpRelay relay = new TcpRelay(registryUrl.getPort())) {
            relay.start();
            RegistryClient client = RegistryClient.builder(URI.create("http://127.0.0.1:" + relay.port()))
                    .token(READ_TOKEN).build();
            RecordingListener listener = new RecordingListener();
            try (AdapterWatcher watcher = AdapterWatcher.builder(client, task, clientDir).listener(listener)
                    .optLongPollWait(Duration.ofSeconds(20)).optBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                    .start()) {
                CandidateEvent v1 = fixtures.candidate(task, version(1), 1024);
                fixtures.decide(decision(v1, null, true));
                listener.awaitVersion(v1.version());

                relay.stop();
                listener.awaitErrors(2, Duration.ofSeconds(30));
                CandidateEvent v2 = fixtures.champion(task, 2, v1.version(), 1024);
                assertThat(listener.lastVersion()).isEqualTo(v1.version());

                relay.start();
                listener.awaitVersion(v2.version());
                assertThat(watcher.current()).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(v2.version()));
            }
            // A new run on the same folder starts from what is on disk, before it reaches the registry.
            relay.stop();
            RecordingListener resumed = new RecordingListener();
            try (AdapterWatcher ignored = AdapterWatcher.builder(client, task, clientDir).listener(resumed)
                    .optBackoff(Duration.ofMillis(100), Duration.ofMillis(500)).start()) {
                resumed.awaitVersion(version(2));
            }
        }
    }

    @Test
    void healthFollowsS3AndKafkaWhileChampionsStayServedAndApprovalsWait() throws Exception {
        String task = "outage-deps";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 512);
        CandidateEvent v2 = fixtures.candidate(task, version(2), 512);

        devStack.stopS3();
        try {
            given().get("/q/health/ready").then().statusCode(503).body("checks.find { it.name == 's3' }.status",
                    equalTo("DOWN"));
            given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", task).then().statusCode(200)
                    .body("version", equalTo(v1.version()));
            // Approved while S3 is away: the registry cannot promote it yet and keeps retrying.
            fixtures.decide(decision(v2, v1.version(), true));
            RegistryFixtures.sleep(1500);
            given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", task).then()
                    .body("version", equalTo(v1.version()));
        } finally {
            devStack.startS3();
        }
        awaitChampion(task, v2.version());

        devStack.stopKafka();
        try {
            RegistryFixtures.await("readiness down without Kafka",
                    () -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/ready").then().body("checks.name", hasItem("kafka"))
                    .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"));
            given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", task).then().statusCode(200)
                    .body("version", equalTo(v2.version()));
        } finally {
            devStack.startKafka();
        }
        RegistryFixtures.await("readiness back", () -> given().get("/q/health/ready").statusCode() == 200);
        // A fresh publisher, as a trainer restarted after the outage would be: the first one's pooled
        // connections point at the S3 process that was stopped, and its first write could hit one.
        CandidateEvent v3 = new RegistryFixtures(devStack).champion(task, 3, v2.version(), 512);
    }
}
