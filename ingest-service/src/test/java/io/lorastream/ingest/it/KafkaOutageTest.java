package io.lorastream.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.devstack.InjectDevStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A broker outage: requests fail with 503 and a retry hint, and nothing that was acknowledged is lost. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class KafkaOutageTest {

    private static final TaskSpec TASK = TaskSpec.withDefaults("outage", List.of("ham", "spam"));

    @InjectDevStack
    DevStack devStack;

    private static String batch(String prefix, int rows) {
        return IntStream.range(0, rows).mapToObj(i -> "{\"text\":\"" + prefix + " " + i + "\",\"label\":\"ham\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static Response post(String body) {
        return IngestTestSupport.producer().contentType("application/json").body(body).post("/v1/tasks/{task}/examples", TASK.task());
    }

    @Test
    void brokerDownMeans503AndEveryAcknowledgedRowSurvives() {
        IngestTestSupport.registerTask(TASK);
        post(batch("before", 50)).then().statusCode(202).body("accepted", equalTo(50));

        devStack.stopKafka();
        try {
            post(batch("during", 50)).then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("rule", equalTo("kafka_unavailable"))
                    .body("error", containsString("retry the whole request"));
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            devStack.startKafka();
        }

        Response retried = awaitAccepted(batch("during", 50));
        assertThat(retried.jsonPath().getInt("accepted") + retried.jsonPath().getInt("duplicates")).isEqualTo(50);
        post(batch("after", 50)).then().statusCode(202).body("accepted", equalTo(50));

        List<Example> written = new ArrayList<>(IngestTestSupport.kafka().examples(Topics.EXAMPLES_TRAIN, TASK.task()));
        written.addAll(IngestTestSupport.kafka().examples(Topics.EXAMPLES_HOLDOUT, TASK.task()));
        List<String> expected = new ArrayList<>();
        for (String prefix : List.of("before", "during", "after")) {
            IntStream.range(0, 50).forEach(i -> expected.add(prefix + " " + i));
        }
        assertThat(written).extracting(Example::text).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** After the broker is back, the retry is accepted once the producer has reconnected. */
    private static Response awaitAccepted(String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Response response = null;
        while (System.nanoTime() < deadline) {
            response = post(body);
            if (response.statusCode() == 202) {
                return response;
            }
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
            IngestTestSupport.sleep(500);
        }
        throw new AssertionError("the service did not accept the retry after the broker came back: "
                + (response == null ? "no response" : response.asString()));
    }
}
