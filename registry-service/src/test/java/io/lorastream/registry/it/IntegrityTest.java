package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.ADMIN_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.awaitChampion;
import static io.lorastream.registry.it.RegistryFixtures.decision;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.registry.client.AdapterWatcher;
import io.lorastream.registry.client.RegistryClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Objects tampered with in S3 after promotion, with the registry's default verified file cache: the
 * registry refuses to serve them (a changed sha256 at once, forged metadata when the fetch is hashed),
 * the client keeps the adapter it has, and a re-promotion from the intact candidate repairs the
 * adapter. {@link StreamThroughTest} covers the same without the cache.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class IntegrityTest extends RunningRegistry {

    private static final String WEIGHTS = "adapter_model.safetensors";

    private AdapterWatcher watcher(String task, RecordingListener listener) throws IOException {
        RegistryClient client = client();
        return AdapterWatcher.builder(client, task, clientDir).listener(listener).optLongPollWait(Duration.ofSeconds(10))
                .optBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).optRejectedRetry(Duration.ofMillis(500)).start();
    }

    /** v1 installed by a client, then v2 promoted while no client watches; returns v2. */
    private CandidateEvent championsWithClientOnFirst(String task, int weightBytes) throws IOException {
        RegistryFixtures.putTask(task);
        RecordingListener first = new RecordingListener();
        try (AdapterWatcher ignored = watcher(task, first)) {
            CandidateEvent v1 = fixtures.candidate(task, version(1), weightBytes);
            fixtures.decide(decision(v1, null, true));
            first.awaitVersion(v1.version());
        }
        CandidateEvent v2 = fixtures.candidate(task, version(2), weightBytes);
        fixtures.decide(decision(v2, version(1), true));
        awaitChampion(task, v2.version());
        return v2;
    }

    @Test
    void anObjectReplacedInS3IsRefusedAndTheClientKeepsItsAdapterUntilTheVersionIsRepaired() throws Exception {
        String task = "tamper-replaced";
        CandidateEvent v2 = championsWithClientOnFirst(task, 8192);
        String key = ObjectLayout.adapterPrefix(task, v2.version()) + WEIGHTS;
        fixtures.objects.put(key, "not the adapter".getBytes(), "application/octet-stream");

        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}/files/" + WEIGHTS, task, v2.version())
                .then().statusCode(500).body("rule", equalTo("sha256_mismatch")).body("field", equalTo("name"));

        RecordingListener listener = new RecordingListener();
        try (AdapterWatcher watcher = watcher(task, listener)) {
            listener.awaitRejected(v2.version());
            assertThat(listener.installed).extracting(RecordingListener.Installed::version).containsExactly(version(1));
            assertThat(watcher.current()).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(version(1)));
            assertThat(clientDir.resolve(v2.version())).doesNotExist();

            // An admin re-promotes the champion: the copy is re-made from the intact, verified candidate.
            given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                    .body("{\"version\":\"" + v2.version() + "\",\"reason\":\"repair\"}")
                    .post("/v1/tasks/{task}/champion", task).then().statusCode(200).body("changed", equalTo(false));
            listener.awaitVersion(v2.version());
            assertThat(Files.readAllBytes(clientDir.resolve(v2.version()).resolve(WEIGHTS)))
                    .isEqualTo(fixtures.objects.getBytes(v2.objectPrefix() + WEIGHTS));
        }
        assertThat(RegistryFixtures.metric("lorastream_registry_integrity_failures_total")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void bytesReplacedWithForgedMetadataAreCaughtWhenFetchedAndNeverServed() throws Exception {
        String task = "tamper-forged";
        CandidateEvent v2 = championsWithClientOnFirst(task, 300_000);
        String key = ObjectLayout.adapterPrefix(task, v2.version()) + WEIGHTS;
        byte[] forged = new byte[300_000];
        new Random(7).nextBytes(forged);
        fixtures.forge(key, forged, v2.files().get(WEIGHTS));

        String path = "/v1/tasks/{task}/versions/{version}/files/" + WEIGHTS;
        given().auth().oauth2(READ_TOKEN).get(path, task, v2.version()).then().statusCode(500)
                .body("rule", equalTo("sha256_mismatch"));
        given().auth().oauth2(READ_TOKEN).header("Range", "bytes=0-9").get(path, task, v2.version()).then()
                .statusCode(500).body("rule", equalTo("sha256_mismatch"));

        RecordingListener listener = new RecordingListener();
        try (AdapterWatcher watcher = watcher(task, listener)) {
            listener.awaitRejected(v2.version());
            assertThat(watcher.current()).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(version(1)));
            assertThat(listener.installed).extracting(RecordingListener.Installed::version).containsExactly(version(1));
        }
    }

    @Test
    void aTamperedCandidateIsNeverPromoted() {
        String task = "tamper-candidate";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.candidate(task, version(1), 1024);
        fixtures.objects.put(v1.objectPrefix() + WEIGHTS, "swapped after the announcement".getBytes(),
                "application/octet-stream");
        fixtures.decide(decision(v1, null, true));
        RegistryFixtures.awaitStatus(task, v1.version(), "failed");

        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}", task, v1.version()).then()
                .body("summary.reasons[0]", org.hamcrest.Matchers.containsString("sha256"))
                .body("outcome.outcome", equalTo("FAILED"));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", task).then().statusCode(404);
        assertThat(fixtures.championRecords(task)).isEmpty();
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body("{\"version\":\"" + v1.version() + "\",\"reason\":\"force it\"}")
                .post("/v1/tasks/{task}/champion", task).then().statusCode(409).body("rule", equalTo("not_promoted"));
    }
}
