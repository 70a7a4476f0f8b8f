package io.lorastream.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.ingest.domain.ContentHasher;
import io.lorastream.ingest.domain.HoldoutSplitter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API end to end: rows in, exactly the expected records out on the devstack's real broker. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ExamplesApiTest {

    private static final TaskSpec SPAM = TaskSpec.withDefaults("spam-http", List.of("ham", "spam"));
    private static final TaskSpec LIMITS = new TaskSpec(1, "limits", List.of("a", "b"), "m", SPAM.lora(),
            SPAM.trigger(), SPAM.gate(), 0.5, true, 100);

    private static boolean tasksRegistered;

    @BeforeEach
    void registerTasks() {
        if (!tasksRegistered) {
            IngestTestSupport.registerTask(SPAM);
            IngestTestSupport.registerTask(LIMITS);
            tasksRegistered = true;
        }
    }

    private static Response post(String task, String contentType, byte[] body) {
        return IngestTestSupport.producer().contentType(contentType).body(body).post("/v1/tasks/{task}/examples", task);
    }

    private static Response postJson(String task, String body) {
        return post(task, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptedRowsLandOnExactlyTheTopicTheirHashPicks() {
        String task = "split-check";
        IngestTestSupport.registerTask(TaskSpec.withDefaults(task, List.of("ham", "spam")));
        List<String> texts = IntStream.range(0, 200).mapToObj(i -> "message number " + i + " about topic " + (i * 7))
                .toList();
        String body = texts.stream().map(t -> "{\"text\":\"" + t + "\",\"label\":\"ham\",\"source\":\"it\"}")
                .collect(Collectors.joining(",", "[", "]"));

        Response response = postJson(task, body);

        response.then().statusCode(202).body("accepted", equalTo(200)).body("rejected", equalTo(0));
        Set<String> expectedHoldout = texts.stream()
                .filter(t -> HoldoutSplitter.isHoldout(ContentHasher.hash(t), 0.1)).collect(Collectors.toSet());
        KafkaTestClient kafka = IngestTestSupport.kafka();
        List<Example> train = kafka.examples(Topics.EXAMPLES_TRAIN, task);
        List<Example> holdout = kafka.examples(Topics.EXAMPLES_HOLDOUT, task);
        assertThat(holdout).extracting(Example::text).containsExactlyInAnyOrderElementsOf(expectedHoldout);
        assertThat(train).hasSize(200 - expectedHoldout.size());
        assertThat(response.jsonPath().getInt("holdout")).isEqualTo(expectedHoldout.size());
        assertThat(train).allSatisfy(e -> {
            assertThat(e.task()).isEqualTo(task);
            assertThat(e.label()).isEqualTo("ham");
            assertThat(e.source()).isEqualTo("it");
            assertThat(e.weight()).isEqualTo(1.0);
            assertThat(e.contentHash()).isEqualTo(ContentHasher.hex(ContentHasher.hash(e.text())));
        });
    }

    @Test
    void validRowsAreAcceptedWhileBadOnesAreListedWithIndexFieldAndRule() {
        postJson(SPAM.task(), "[{\"text\":\"good one\",\"label\":\"spam\"},"
                + "{\"text\":\"bad label\",\"label\":\"eggs\"},"
                + "{\"text\":null,\"label\":\"ham\"},"
                + "{\"text\":\"\",\"label\":\"ham\"},"
                + "{\"text\":\"good two\",\"label\":\"ham\",\"weight\":3}]")
                .then().statusCode(202)
                .body("received", equalTo(5)).body("accepted", equalTo(2)).body("rejected", equalTo(3))
                .body("rejections", hasSize(3))
                .body("rejections[0].index", equalTo(1)).body("rejections[0].field", equalTo("label"))
                .body("rejections[0].rule", equalTo("label_not_in_set"))
                .body("rejections[0].message", containsString("'eggs' is not in [ham, spam]"))
                .body("rejections[1].index", equalTo(2)).body("rejections[1].field", equalTo("text"))
                .body("rejections[1].rule", equalTo("missing_field"))
                .body("rejections[2].index", equalTo(3)).body("rejections[2].rule", equalTo("empty_text"));
    }

    @Test
    void ndjsonRowsAreValidatedLineByLine() {
        byte[] body = ("{\"text\":\"nd one\",\"label\":\"ham\"}\n"
                + "{\"text\":\"nd two\",\"label\":\n"
                + "{\"text\":\"nd three\",\"label\":\"spam\"}\n").getBytes(StandardCharsets.UTF_8);

        post(SPAM.task(), "application/x-ndjson", body).then().statusCode(202)
                .body("accepted", equalTo(2)).body("rejections[0].index", equalTo(1))
                .body("rejections[0].field", equalTo("(row)")).body("rejections[0].rule", equalTo("malformed_json"));
    }

    @Test
    void resendingTheSameContentIsCountedAsDuplicatesNotWritten() {
        String body = "[{\"text\":\"Only Once, please\",\"label\":\"ham\"},{\"text\":\"only once,   PLEASE\",\"label\":\"ham\"}]";

        postJson(SPAM.task(), body).then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        postJson(SPAM.task(), body).then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(2));

        long written = IngestTestSupport.kafka().examples(Topics.EXAMPLES_TRAIN, SPAM.task()).stream()
                .filter(e -> e.text().equalsIgnoreCase("only once, please")).count()
                + IngestTestSupport.kafka().examples(Topics.EXAMPLES_HOLDOUT, SPAM.task()).stream()
                .filter(e -> e.text().equalsIgnoreCase("only once, please")).count();
        assertThat(written).isEqualTo(1);
    }

    @Test
    void everyRowRejectedIs422() {
        postJson(SPAM.task(), "[{\"text\":\"x\",\"label\":\"eggs\"}]").then().statusCode(422)
                .body("accepted", equalTo(0)).body("rejections[0].rule", equalTo("label_not_in_set"));
    }

    @Test
    void malformedJsonIs400WithItsPosition() {
        postJson(SPAM.task(), "[{\"text\": \"unterminated}]").then().statusCode(400)
                .body("rule", equalTo("malformed_json")).body("error", containsString("line 1"));
    }

    @Test
    void wrongContentTypeIs415NamingTheAcceptedTypes() {
        post(SPAM.task(), "text/plain", "hello".getBytes(StandardCharsets.UTF_8)).then().statusCode(415)
                .body("field", equalTo("Content-Type")).body("error", containsString("application/x-ndjson"));
    }

    @Test
    void emptyBodyIs400() {
        postJson(SPAM.task(), "").then().statusCode(400).body("rule", equalTo("empty_body"));
        postJson(SPAM.task(), "[]").then().statusCode(400).body("rule", equalTo("no_rows"));
    }

    @Test
    void oversizedBodyIs413WithAClearMessage() {
        byte[] body = new byte[16 * 1024 * 1024 + 10];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';

        post(SPAM.task(), "application/json", body).then().statusCode(413)
                .body("rule", equalTo("body_too_large")).body("error", containsString("max-body-bytes"));
    }

    @Test
    void aTenThousandRowBatchIsAcceptedWhole() {
        String body = IntStream.range(0, 10_000)
                .mapToObj(i -> "{\"text\":\"bulk example " + i + "\",\"label\":\"" + (i % 2 == 0 ? "ham" : "spam") + "\"}")
                .collect(Collectors.joining(",", "[", "]"));

        postJson(SPAM.task(), body).then().statusCode(202).body("accepted", equalTo(10_000));
        postJson(SPAM.task(), "[" + "{\"text\":\"x\",\"label\":\"ham\"},".repeat(10_000) + "{\"text\":\"y\",\"label\":\"ham\"}]")
                .then().statusCode(413).body("rule", equalTo("too_many_rows"));
    }

    @Test
    void bufferedBodiesRunOnTheRowWorkersWhileLargerOnesAreStreamedToTheSharedPool() {
        String taken = "lorastream_ingest_row_workers_requests_total{outcome=\"taken\"}";
        double before = metric(taken);
        postJson(SPAM.task(), "[{\"text\":\"a buffered body\",\"label\":\"ham\"}]").then().statusCode(202);
        assertThat(metric(taken)).isEqualTo(before + 1);

        // Past quarkus.rest.input-buffer-size (1M) the body is streamed to a worker of the shared pool, which may
        // wait for its chunks: it must not hold a row worker.
        String padding = "x".repeat(120);
        String streamed = IntStream.range(0, 9_000)
                .mapToObj(i -> "{\"text\":\"streamed example " + i + " " + padding + "\",\"label\":\"ham\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(streamed.length()).isGreaterThan(1 << 20);
        postJson(SPAM.task(), streamed).then().statusCode(202).body("accepted", equalTo(9_000));
        assertThat(metric(taken)).isEqualTo(before + 1);
        assertThat(metric("lorastream_ingest_row_workers_queued_requests")).isZero();
    }

    /** The value of one series on /q/metrics, exactly as named with its labels. */
    private static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " on /q/metrics"));
    }

    @Test
    void invalidUtf8Is400WithTheOffset() {
        byte[] body = "[{\"text\":\"bad \u00e9 byte\",\"label\":\"ham\"}]".getBytes(StandardCharsets.UTF_8);
        body[14] = (byte) 0xfe;

        post(SPAM.task(), "application/json", body).then().statusCode(400)
                .body("rule", equalTo("invalid_utf8")).body("error", containsString("offset 14"));
    }

    @Test
    void unknownTaskIs404() {
        postJson("no-such-task", "[{\"text\":\"x\",\"label\":\"a\"}]").then().statusCode(404)
                .body("rule", equalTo("unknown_task")).body("error", containsString("no-such-task"));
    }

    @Test
    void taskIdThatCouldEscapeAPathIs400() {
        IngestTestSupport.producer().contentType("application/json").body("[]").urlEncodingEnabled(false)
                .post("/v1/tasks/..%2Fetc/examples")
                .then().statusCode(400).body("field", equalTo("task")).body("error", containsString("[a-z0-9]"));
        postJson("Spam_Task", "[]").then().statusCode(400).body("rule", equalTo("invalid_task_id"));
    }

    @Test
    void aHugeSingleTextIsRejectedByTheTasksLimit() {
        String huge = "y".repeat(101);

        postJson(LIMITS.task(), "[{\"text\":\"" + huge + "\",\"label\":\"a\"},{\"text\":\"fine\",\"label\":\"a\"}]")
                .then().statusCode(202).body("accepted", equalTo(1))
                .body("rejections[0].rule", equalTo("text_too_long"))
                .body("rejections[0].message", containsString("101 characters, the limit is 100"));
    }

    @Test
    void personalDataIsMaskedForTasksThatAskForIt() {
        postJson(LIMITS.task(), "[{\"text\":\"call me at +1 415 555 0199 or bob@example.com\",\"label\":\"b\"}]")
                .then().statusCode(202).body("accepted", equalTo(1));

        List<Example> written = new ArrayList<>(IngestTestSupport.kafka().examples(Topics.EXAMPLES_TRAIN, LIMITS.task()));
        written.addAll(IngestTestSupport.kafka().examples(Topics.EXAMPLES_HOLDOUT, LIMITS.task()));
        assertThat(written).extracting(Example::text).contains("call me at [PHONE] or [EMAIL]")
                .noneMatch(t -> t.contains("bob@example.com"));
    }

    @Test
    void metricsHealthAndOpenApiAreServed() {
        postJson(SPAM.task(), "[{\"text\":\"metrics probe\",\"label\":\"ham\"},{\"text\":\"m\",\"label\":\"eggs\"}]")
                .then().statusCode(202);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("lorastream_ingest_examples_received_total{channel=\"http\",task=\"spam-http\"}")
                .contains("lorastream_ingest_examples_accepted_total{")
                .contains("lorastream_ingest_examples_rejected_total{channel=\"http\",reason=\"label_not_in_set\",task=\"spam-http\"}")
                .contains("lorastream_ingest_kafka_send_seconds_bucket")
                .contains("lorastream_ingest_request_seconds_count{task=\"spam-http\"}");
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/tasks/{task}/examples"));
    }
}
