package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.ADMIN_NAME;
import static io.lorastream.registry.it.RegistryFixtures.ADMIN_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;
import static io.lorastream.registry.it.RegistryFixtures.awaitChampion;
import static io.lorastream.registry.it.RegistryFixtures.awaitStatus;
import static io.lorastream.registry.it.RegistryFixtures.decision;
import static io.lorastream.registry.it.RegistryFixtures.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.registry.client.AdapterWatcher;
import io.lorastream.store.StoredObject;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The promotion flow end to end on a real broker and S3: the evaluator's approvals become champions
 * (files under {@code adapters/}, champion event, endpoint, client), rejections change nothing, a
 * re-delivered decision changes nothing twice, rollbacks switch the client back, and the champion
 * endpoint's long-poll, ETags and file ranges behave.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class PromotionFlowTest extends RunningRegistry {

    @Test
    void approvedDecisionPromotesTheFilesAndMakesAChampionThatTheEndpointAndTheClientSee() throws Exception {
        String task = "flow-approved";
        RegistryFixtures.putTask(task);
        RecordingListener listener = new RecordingListener();
        CandidateEvent announced;
        try (AdapterWatcher watcher = AdapterWatcher.builder(client(), task, clientDir).listener(listener)
                .optLongPollWait(Duration.ofSeconds(20)).start()) {
            CandidateEvent v1 = fixtures.candidate(task, version(1), 4096);
            announced = v1;
            fixtures.decide(decision(v1, null, true));

            listener.awaitVersion(v1.version());
            Path installed = clientDir.resolve(v1.version());
            assertThat(listener.installed.get(0).dir()).isEqualTo(installed);
            assertThat(Files.readAllBytes(installed.resolve("adapter_model.safetensors")))
                    .isEqualTo(fixtures.objects.getBytes(v1.objectPrefix() + "adapter_model.safetensors"));
            assertThat(watcher.current()).hasValueSatisfying(a -> assertThat(a.version()).isEqualTo(v1.version()));
        }

        String prefix = ObjectLayout.adapterPrefix(task, version(1));
        assertThat(fixtures.objects.list(prefix)).extracting(StoredObject::key).containsExactlyInAnyOrder(
                prefix + "adapter_config.json", prefix + "adapter_model.safetensors", prefix + "training.json",
                prefix + "evaluation.json");
        for (var file : announced.files().entrySet()) {
            assertThat(fixtures.store.sha256Of(prefix + file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertThat(new String(fixtures.objects.getBytes(prefix + "evaluation.json"))).contains("\"approved\":true");

        List<ChampionEvent> records = fixtures.championRecords(task);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).version()).isEqualTo(version(1));
        assertThat(records.get(0).previousVersion()).isNull();
        assertThat(records.get(0).reason()).startsWith("approved by the evaluator against no champion");
        assertThat(records.get(0).objectPrefix()).isEqualTo(prefix);

        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", task).then().statusCode(200)
                .header("ETag", "\"" + version(1) + "\"").body("version", equalTo(version(1)));
        given().auth().oauth2(READ_TOKEN).header("If-None-Match", "\"" + version(1) + "\"")
                .get("/v1/tasks/{task}/champion", task).then().statusCode(304).header("ETag", "\"" + version(1) + "\"");
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions", task).then().statusCode(200)
                .body("versions[0].version", equalTo(version(1))).body("versions[0].status", equalTo("champion"))
                .body("versions[0].lineage.trainingExamples", equalTo(200))
                .body("versions[0].metrics.'holdout.macro_f1'", equalTo(0.91f));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion/history", task).then().statusCode(200)
                .body("changes.size()", equalTo(1)).body("changes[0].actor", equalTo("evaluator"))
                .body("changes[0].kind", equalTo("APPROVED"));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}", task, version(1)).then()
                .statusCode(200).body("training.lossCurve[1]", equalTo(0.4f)).body("decision.approved", equalTo(true))
                .body("files.size()", equalTo(3)).body("outcome.outcome", equalTo("PROMOTED"));
    }

    @Test
    void rejectedDecisionChangesNothingAndShowsItsReasons() {
        String task = "flow-rejected";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 512);

        CandidateEvent v2 = fixtures.candidate(task, version(2), 512);
        fixtures.decide(decision(v2, v1.version(), false));
        awaitStatus(task, v2.version(), "rejected");

        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}", task, v2.version()).then()
                .body("summary.reasons[0]", containsString("no_regression"))
                .body("summary.reasons[0]", containsString("threshold -0.01"));
        awaitChampion(task, v1.version());
        assertThat(fixtures.objects.list(ObjectLayout.adapterPrefix(task, v2.version()))).isEmpty();
        assertThat(fixtures.championRecords(task)).extracting(ChampionEvent::version).containsExactly(v1.version());
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}/files/adapter_model.safetensors",
                task, v2.version()).then().statusCode(404).body("rule", equalTo("not_promoted"));
        given().auth().oauth2(READ_TOKEN).queryParam("status", "rejected").get("/v1/tasks/{task}/versions", task).then()
                .body("versions.version", equalTo(List.of(v2.version())));
    }

    @Test
    void redeliveredDecisionMakesNoSecondChampionChangeAndAStaleApprovalNone() {
        String task = "flow-redelivered";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.candidate(task, version(1), 512);
        var approval = decision(v1, null, true);
        fixtures.decide(approval);
        awaitChampion(task, v1.version());
        fixtures.decide(approval);
        fixtures.decide(approval);

        CandidateEvent v2 = fixtures.champion(task, 2, v1.version(), 512);
        // Judged against v1 while v2 had become champion: promoted (files), not made champion.
        CandidateEvent v3 = fixtures.candidate(task, version(3), 512);
        fixtures.decide(decision(v3, v1.version(), true));
        awaitStatus(task, v3.version(), "approved");

        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}", task, v3.version()).then()
                .body("summary.reasons[0]", containsString("judged against " + v1.version()))
                .body("outcome.outcome", equalTo("STALE"));
        awaitChampion(task, v2.version());
        // Decisions of one task share a partition, so the duplicates were handled before v2's and v3's.
        assertThat(fixtures.championRecords(task)).extracting(ChampionEvent::version)
                .containsExactly(v1.version(), v2.version());
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion/history", task).then()
                .body("changes.version", equalTo(List.of(v1.version(), v2.version())));
        assertThat(fixtures.objects.stat(ObjectLayout.adapterPrefix(task, v3.version()) + "adapter_model.safetensors"))
                .isPresent();
    }

    @Test
    void rollbackByAnAdminMakesTheClientSwitchBackToTheVersionItKept() throws Exception {
        String task = "flow-rollback";
        RegistryFixtures.putTask(task);
        RecordingListener listener = new RecordingListener();
        try (AdapterWatcher watcher = AdapterWatcher.builder(client(), task, clientDir).listener(listener)
                .optLongPollWait(Duration.ofSeconds(20)).start()) {
            CandidateEvent v1 = fixtures.candidate(task, version(1), 2048);
            fixtures.decide(decision(v1, null, true));
            listener.awaitVersion(v1.version());
            CandidateEvent v2 = fixtures.candidate(task, version(2), 2048);
            fixtures.decide(decision(v2, v1.version(), true));
            listener.awaitVersion(v2.version());
            assertThat(watcher.previous()).contains(clientDir.resolve(v1.version()));

            given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                    .body("{\"version\":\"" + v1.version() + "\",\"reason\":\"v2 misclassifies invoices\"}")
                    .post("/v1/tasks/{task}/champion", task).then().statusCode(200)
                    .body("changed", equalTo(true)).body("champion.version", equalTo(v1.version()))
                    .body("champion.previousVersion", equalTo(v2.version()))
                    .body("champion.reason", equalTo("rollback by " + ADMIN_NAME + ": v2 misclassifies invoices"));

            listener.awaitVersion(v1.version());
            assertThat(listener.installed).extracting(RecordingListener.Installed::version)
                    .containsExactly(v1.version(), v2.version(), v1.version());
            assertThat(watcher.previous()).contains(clientDir.resolve(v2.version()));
            assertThat(Files.isDirectory(clientDir.resolve(v2.version()))).isTrue();

            // Asking for the champion it already is changes nothing.
            given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                    .body("{\"version\":\"" + v1.version() + "\",\"reason\":\"again\"}")
                    .post("/v1/tasks/{task}/champion", task).then().statusCode(200).body("changed", equalTo(false));
        }
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion/history", task).then()
                .body("changes.kind", equalTo(List.of("APPROVED", "APPROVED", "ROLLBACK")))
                .body("changes[2].actor", equalTo(ADMIN_NAME))
                .body("changes[2].reason", equalTo("v2 misclassifies invoices"));
        assertThat(fixtures.championRecords(task)).extracting(ChampionEvent::version)
                .containsExactly(version(1), version(2), version(1));
    }

    @Test
    void onlyApprovedVersionsCanBeMadeChampion() {
        String task = "flow-manual";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.candidate(task, version(1), 256);
        fixtures.decide(decision(v1, null, false));
        awaitStatus(task, v1.version(), "rejected");
        CandidateEvent v2 = fixtures.candidate(task, version(2), 256);
        awaitStatus(task, v2.version(), "candidate");

        promote(task, v1.version()).then().statusCode(409).body("rule", equalTo("not_approved"))
                .body("error", containsString("rejected"));
        promote(task, v2.version()).then().statusCode(409).body("rule", equalTo("not_approved"));
        promote(task, version(9)).then().statusCode(404).body("rule", equalTo("unknown_version"));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", task).then().statusCode(404)
                .body("rule", equalTo("no_champion"));
    }

    private static Response promote(String task, String version) {
        return given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body("{\"version\":\"" + version + "\",\"reason\":\"manual\"}").post("/v1/tasks/{task}/champion", task);
    }

    @Test
    void longPollReturnsAsSoonAsTheChampionChangesAndOtherwiseAtTheEndOfTheWait() throws Exception {
        String task = "flow-longpoll";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 256);
        CandidateEvent v2 = fixtures.champion(task, 2, v1.version(), 256);

        long start = System.nanoTime();
        given().auth().oauth2(READ_TOKEN).header("If-None-Match", "\"" + v2.version() + "\"").queryParam("wait", "1s")
                .get("/v1/tasks/{task}/champion", task).then().statusCode(304);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("an unchanged champion holds the poll for the wait")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));

        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> given().auth().oauth2(READ_TOKEN)
                .header("If-None-Match", "\"" + v2.version() + "\"").queryParam("wait", "30s")
                .get("/v1/tasks/{task}/champion", task));
        RegistryFixtures.await("the long-poll to wait", () -> RegistryFixtures.metric("lorastream_registry_longpoll_waiters") >= 1);
        promote(task, v1.version()).then().statusCode(200);
        long promoted = System.nanoTime();
        Response answer = poll.get(30, TimeUnit.SECONDS);
        long afterPromotion = System.nanoTime() - promoted;
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("version")).isEqualTo(v1.version());
        // Behaviour, not speed: a poll that only looked again when its 30 s were up would also answer
        // 200 with v1, but not before half its wait. (How fast it answers is the registry benchmark's.)
        assertThat(Duration.ofNanos(afterPromotion)).as("the long-poll answered on the promotion, not at the end of its wait")
                .isLessThan(Duration.ofSeconds(15));

        given().auth().oauth2(READ_TOKEN).queryParam("wait", "500ms").get("/v1/tasks/{task}/champion", "flow-nothing")
                .then().statusCode(404).body("rule", equalTo("unknown_task"));
        given().auth().oauth2(READ_TOKEN).queryParam("wait", "forever").get("/v1/tasks/{task}/champion", task)
                .then().statusCode(400).body("field", equalTo("wait")).body("rule", equalTo("invalid_wait"));
    }

    @Test
    void filesAreServedWholeOrByRangeWithTheirSha256() {
        String task = "flow-files";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 700_000);
        byte[] weights = fixtures.objects.getBytes(v1.objectPrefix() + "adapter_model.safetensors");
        String sha = v1.files().get("adapter_model.safetensors");
        String path = "/v1/tasks/{task}/versions/{version}/files/adapter_model.safetensors";

        Response whole = given().auth().oauth2(READ_TOKEN).get(path, task, v1.version());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.header("Content-Length")).isEqualTo(Integer.toString(weights.length));
        assertThat(whole.header("X-Lorastream-Sha256")).isEqualTo(sha);
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(whole.asByteArray()).isEqualTo(weights);

        Response range = given().auth().oauth2(READ_TOKEN).header("Range", "bytes=100000-100199").get(path, task, v1.version());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 100000-100199/" + weights.length);
        assertThat(range.header("Content-Length")).isEqualTo("200");
        assertThat(range.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(weights, 100_000, 100_200));

        Response suffix = given().auth().oauth2(READ_TOKEN).header("Range", "bytes=-10").get(path, task, v1.version());
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(weights, weights.length - 10, weights.length));

        given().auth().oauth2(READ_TOKEN).header("Range", "bytes=900000-").get(path, task, v1.version()).then()
                .statusCode(416).header("Content-Range", "bytes */" + weights.length).body("field", equalTo("Range"));
        given().auth().oauth2(READ_TOKEN).head(path, task, v1.version()).then().statusCode(200)
                .header("Content-Length", Integer.toString(weights.length)).header("X-Lorastream-Sha256", sha);
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}/files/evaluation.json", task,
                v1.version()).then().statusCode(200).body("candidateVersion", equalTo(v1.version()));
        given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}/files/other.bin", task, v1.version())
                .then().statusCode(404).body("rule", equalTo("unknown_file")).body("field", equalTo("name"));
    }

    @Test
    void theEventStreamSendsTheChampionAndThenEveryChange() throws Exception {
        String task = "flow-sse";
        RegistryFixtures.putTask(task);
        CandidateEvent v1 = fixtures.champion(task, 1, null, 256);

        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(URI.create(registryUrl + "v1/tasks/" + task + "/champion/events"))
                .header("Authorization", "Bearer " + READ_TOKEN).header("Accept", "text/event-stream").build();
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        var stream = http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        try {
            assertThat(nextLine(lines, "id:")).contains(v1.version());
            assertThat(nextLine(lines, "data:")).contains("\"version\":\"" + v1.version() + "\"");
            CandidateEvent v2 = fixtures.candidate(task, version(2), 256);
            fixtures.decide(decision(v2, v1.version(), true));
            assertThat(nextLine(lines, "id:")).contains(v2.version());
            assertThat(nextLine(lines, "data:")).contains("\"previousVersion\":\"" + v1.version() + "\"");
        } finally {
            stream.cancel(true);
        }
    }

    private static String nextLine(java.util.concurrent.BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no SSE line starting with '" + prefix + "' within 60 s");
    }
}
