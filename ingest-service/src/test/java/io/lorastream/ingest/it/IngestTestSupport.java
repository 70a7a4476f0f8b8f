package io.lorastream.ingest.it;

import static io.restassured.RestAssured.given;

import io.lorastream.contracts.TaskSpec;
import io.lorastream.devstack.DevStackTestResource;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;

/** Shared steps of the ingest integration tests: a Kafka client on the devstack and waiting for task specs. */
final class IngestTestSupport {

    /** The producer token of the test profile ({@code %test.lorastream.ingest.auth.tokens}). */
    static final String PRODUCER_TOKEN = "test-ingest-producer-token";

    private IngestTestSupport() {
    }

    /** A request carrying the test profile's producer token. */
    static RequestSpecification producer() {
        return given().header("Authorization", "Bearer " + PRODUCER_TOKEN);
    }

    static KafkaTestClient kafka() {
        return new KafkaTestClient(DevStackTestResource.current().bootstrapServers());
    }

    /** Publishes {@code spec} on the tasks topic and waits until the service knows the task. */
    static void registerTask(TaskSpec spec) {
        kafka().putTask(spec);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            // An empty body answers 400 once the task is known and the service ready; 404 or 503 before.
            int status = producer().contentType("application/json").body("")
                    .post("/v1/tasks/{task}/examples", spec.task()).statusCode();
            if (status == 400) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("the service did not learn task " + spec.task() + " within 60 s");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
