package io.lorastream.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.ingest.kafka.DeadLetter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The Kafka-native input: feedback records through the same validation, bad ones to the DLQ with headers. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class FeedbackTopicTest {

    private static final TaskSpec TASK = TaskSpec.withDefaults("feedback-native", List.of("ham", "spam"));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validRecordsAreWrittenAndEveryBadOneReachesTheDlqWithItsReasonAndOrigin() {
        IngestTestSupport.registerTask(TASK);
        KafkaTestClient kafka = IngestTestSupport.kafka();
        byte[] key = utf8(TASK.task());
        byte[] badUtf8 = utf8("{\"text\":\"caf\u00e9\",\"label\":\"ham\"}");
        badUtf8[12] = (byte) 0xff;

        kafka.send(Topics.FEEDBACK, key, utf8("{\"text\":\"native one\",\"label\":\"spam\",\"id\":\"n1\"}"));
        kafka.send(Topics.FEEDBACK, key, utf8("{\"text\": \"broken"));
        kafka.send(Topics.FEEDBACK, key, utf8("{\"text\":\"native two\",\"label\":\"eggs\"}"));
        kafka.send(Topics.FEEDBACK, null, utf8("{\"text\":\"no key\",\"label\":\"ham\"}"));
        kafka.send(Topics.FEEDBACK, utf8("nobody-knows"), utf8("{\"text\":\"unknown task\",\"label\":\"ham\"}"));
        kafka.send(Topics.FEEDBACK, key, badUtf8);
        kafka.send(Topics.FEEDBACK, key, utf8("{\"text\":\"native three\",\"label\":\"ham\"}"));
        kafka.send(Topics.FEEDBACK, key, utf8("{\"text\":\"NATIVE three\",\"label\":\"ham\"}"));

        List<ConsumerRecord<byte[], byte[]>> dlq = awaitRecords(Topics.EXAMPLES_DLQ, 5);
        Map<String, String> ruleByValue = dlq.stream().collect(Collectors.toMap(
                r -> new String(r.value(), StandardCharsets.ISO_8859_1), r -> header(r, DeadLetter.RULE)));
        assertThat(ruleByValue).containsEntry("{\"text\": \"broken", "malformed_json")
                .containsEntry("{\"text\":\"native two\",\"label\":\"eggs\"}", "label_not_in_set")
                .containsEntry("{\"text\":\"no key\",\"label\":\"ham\"}", "invalid_task_id")
                .containsEntry("{\"text\":\"unknown task\",\"label\":\"ham\"}", "unknown_task")
                .containsEntry(new String(badUtf8, StandardCharsets.ISO_8859_1), "invalid_utf8");
        ConsumerRecord<byte[], byte[]> wrongLabel = dlq.stream()
                .filter(r -> "label_not_in_set".equals(header(r, DeadLetter.RULE))).findFirst().orElseThrow();
        assertThat(header(wrongLabel, DeadLetter.FIELD)).isEqualTo("label");
        assertThat(header(wrongLabel, DeadLetter.REASON)).contains("'eggs' is not in [ham, spam]");
        assertThat(header(wrongLabel, DeadLetter.ORIGINAL_TOPIC)).isEqualTo(Topics.FEEDBACK);
        assertThat(header(wrongLabel, DeadLetter.ORIGINAL_PARTITION)).matches("[0-5]");
        assertThat(Long.parseLong(header(wrongLabel, DeadLetter.ORIGINAL_OFFSET))).isGreaterThanOrEqualTo(0);
        assertThat(new String(wrongLabel.key(), StandardCharsets.UTF_8)).isEqualTo(TASK.task());

        List<Example> written = awaitExamples(2);
        assertThat(written).extracting(Example::text).containsExactlyInAnyOrder("native one", "native three");
        assertThat(written).filteredOn(e -> e.text().equals("native one")).singleElement()
                .extracting(Example::id).isEqualTo("n1");

        // The consumer's lag per partition it owns (all six here, one replica) is exported, and all read by now.
        String metrics = given().get("/q/metrics").asString();
        for (int p = 0; p < Topics.TASK_PARTITIONS; p++) {
            assertThat(metrics).containsPattern("lorastream_ingest_consumer_lag_records\\{[^}]*partition=\"" + p + "\"[^}]*} 0\\.0\n");
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = List.of();
        while (System.nanoTime() < deadline) {
            records = IngestTestSupport.kafka().readAll(topic);
            if (records.size() >= count) {
                return records;
            }
            IngestTestSupport.sleep(250);
        }
        throw new AssertionError("expected " + count + " records on " + topic + ", found " + records.size());
    }

    private static List<Example> awaitExamples(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Example> all = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            all = new ArrayList<>(IngestTestSupport.kafka().examples(Topics.EXAMPLES_TRAIN, TASK.task()));
            all.addAll(IngestTestSupport.kafka().examples(Topics.EXAMPLES_HOLDOUT, TASK.task()));
            if (all.size() >= count) {
                IngestTestSupport.sleep(1000);
                all = new ArrayList<>(IngestTestSupport.kafka().examples(Topics.EXAMPLES_TRAIN, TASK.task()));
                all.addAll(IngestTestSupport.kafka().examples(Topics.EXAMPLES_HOLDOUT, TASK.task()));
                return all;
            }
            IngestTestSupport.sleep(250);
        }
        throw new AssertionError("expected " + count + " examples, found " + all.size());
    }
}
