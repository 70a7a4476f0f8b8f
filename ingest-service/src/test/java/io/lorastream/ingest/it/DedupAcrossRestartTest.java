package io.lorastream.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.lorastream.contracts.TaskSpec;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.ingest.domain.BatchIngestor;
import io.lorastream.ingest.domain.Channel;
import io.lorastream.ingest.domain.DedupIndex;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.IngestObserver;
import io.lorastream.ingest.domain.IngestReport;
import io.lorastream.ingest.domain.RawRow;
import io.lorastream.ingest.domain.RowOutcome;
import io.lorastream.ingest.domain.RowReader;
import io.lorastream.ingest.domain.RowValidator;
import io.lorastream.ingest.kafka.DedupRestorer;
import io.lorastream.ingest.kafka.KafkaClientSettings;
import io.lorastream.ingest.kafka.KafkaExampleWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Duplicates are still caught after a restart. What a restart loses is the in-memory dedup index;
 * this test writes through the running service, then starts a second ingest core with empty memory
 * (as a restarted process has), restores it from the broker the way start-up does, and sends the
 * same content again through it to the same broker.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DedupAcrossRestartTest {

    private static RawRow row(String json) throws IOException {
        return RowReader.readOne(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final TaskSpec TASK = TaskSpec.withDefaults("restart-dedup", List.of("ham", "spam"));

    @Inject
    KafkaClientSettings settings;

    @Test
    void contentWrittenBeforeARestartIsADuplicateAfterIt() throws Exception {
        IngestTestSupport.registerTask(TASK);
        IngestTestSupport.producer().contentType("application/json")
                .body("[{\"text\":\"first life one\",\"label\":\"ham\"},{\"text\":\"first life two\",\"label\":\"spam\"}]")
                .post("/v1/tasks/{task}/examples", TASK.task())
                .then().statusCode(202).body("accepted", equalTo(2));

        DedupIndex freshMemory = new DedupIndex(1000);
        assertThat(freshMemory.size(TASK.task())).isZero();
        long restored = new DedupRestorer(settings.reader("restart-test"), freshMemory, 1_000_000).restore();
        assertThat(restored).isGreaterThanOrEqualTo(2);
        assertThat(freshMemory.size(TASK.task())).isEqualTo(2);

        ExamplePreparer preparer = new ExamplePreparer(new RowValidator(256, 128), freshMemory, IngestObserver.NONE,
                Clock.systemUTC());
        KafkaExampleWriter writer = new KafkaExampleWriter(settings);
        BatchIngestor restarted = new BatchIngestor(preparer, writer, IngestObserver.NONE, settings.ackWaitMillis(), 10);
        List<RowOutcome> outcomes = new ArrayList<>();
        String[] rows = {"{\"text\":\"First life one\",\"label\":\"ham\"}", "{\"text\":\"first  life two\",\"label\":\"spam\"}",
                "{\"text\":\"second life\",\"label\":\"ham\"}"};
        for (int i = 0; i < rows.length; i++) {
            outcomes.add(preparer.prepare(TASK, Channel.HTTP, i, row(rows[i])));
        }
        IngestReport report = restarted.write(TASK, Channel.HTTP, outcomes);

        assertThat(report.duplicates()).isEqualTo(2);
        assertThat(report.accepted()).isEqualTo(1);
    }
}
