package io.lorastream.evaluator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.EvaluationSnapshot;
import io.lorastream.evaluator.kafka.HoldoutFollower;
import io.lorastream.evaluator.kafka.KafkaClientSettings;
import io.lorastream.evaluator.store.SetCheckpoint;
import io.lorastream.evaluator.store.SetCheckpointStore;
import io.lorastream.evaluator.testing.ToyTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The evaluation sets survive a restart without re-reading the held-out history. What a restart loses is the
 * in-memory sets; this test lets the running service build and checkpoint them, then starts a second held-out
 * follower with empty sets (as a restarted process has) against the same broker and S3, the way start-up does, and
 * compares what it rebuilt with the running service's sets, and how much it had to read to get there.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class EvaluationSetsRestartTest {

    private static final String TASK = "restart";
    private static final HoldoutFollower.Observer QUIET = new HoldoutFollower.Observer() {
        @Override
        public void record(String task, String outcome) {
        }

        @Override
        public void checkpointWritten(int partition, long bytes, long nanos) {
        }

        @Override
        public void checkpointFailed(int partition) {
        }
    };

    @Inject
    KafkaClientSettings settings;

    @Inject
    SetCheckpointStore checkpoints;

    @Inject
    EvaluationSets live;

    @Test
    void aRestartRestoresTheSetsFromTheCheckpointAndReadsOnlyWhatCameAfterIt() throws Exception {
        EvaluatorTestKit.publishHoldout(TASK, ToyTopics.examples(30, 201, ToyTopics.LABELS), Instant.parse("2025-01-01T00:00:00Z"));
        EvaluatorTestKit.publishHoldout(TASK, ToyTopics.examples(25, 202, List.of("sport", "weather")), Instant.now());
        EvaluatorTestKit.awaitSetSizes(TASK, 60, 80);
        int partition = awaitCheckpointAtEnd();
        String key = checkpoints.key(partition);
        byte[] olderCheckpoint = EvaluatorTestKit.objects().getBytes(key);

        // Records after that checkpoint. The service reads and checkpoints them too; putting the older checkpoint back
        // then is what a crash right after it would have left: the restarted follower must read these 6 records.
        EvaluatorTestKit.publishHoldout(TASK, ToyTopics.examples(3, 203, List.of("sport", "weather")), Instant.now());
        EvaluatorTestKit.awaitSetSizes(TASK, 60, 86);
        awaitCheckpointAtEnd();
        EvaluatorTestKit.objects().put(key, olderCheckpoint, "application/gzip");
        assertThat(checkpoints.read(partition).orElseThrow().tasks().get(TASK).retention()).hasSize(80);
        long totalRecords = totalHoldoutRecords();

        EvaluationSets restarted = new EvaluationSets(live.limits());
        HoldoutFollower follower = new HoldoutFollower(settings.reader("restart-test"), restarted, checkpoints,
                Duration.ofHours(1), QUIET, Clock.systemUTC());
        Thread thread = new Thread(follower, "restart-test-holdout");
        thread.start();
        try {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            EvaluationSnapshot rebuilt = restarted.snapshot(TASK);
            EvaluationSnapshot running = live.snapshot(TASK);
            assertThat(rebuilt.window()).containsExactlyElementsOf(running.window());
            assertThat(rebuilt.retention()).containsExactlyElementsOf(running.retention());
            assertThat(rebuilt.window()).hasSize(60);
            assertThat(rebuilt.retention()).hasSize(86);
            assertThat(follower.restoredItems()).isGreaterThanOrEqualTo(140);
            // 6 new records of this task, plus at most what other tasks published since their last checkpoint.
            assertThat(follower.readRecords()).isGreaterThanOrEqualTo(6).isLessThan(totalRecords / 4);
        } finally {
            follower.abort();
            thread.join(10_000);
        }
        assertThat(key).isEqualTo("evaluator/holdout-sets/partition-" + partition + ".json.gz");
    }

    /** Waits until some partition's checkpoint holds the task and covers that partition's end; returns the partition. */
    private int awaitCheckpointAtEnd() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> ends = endOffsets();
            for (int p = 0; p < Topics.TASK_PARTITIONS; p++) {
                Optional<SetCheckpoint> checkpoint = checkpoints.read(p);
                if (checkpoint.isPresent() && checkpoint.get().tasks().containsKey(TASK)
                        && checkpoint.get().nextOffset() == ends.get(new TopicPartition(Topics.EXAMPLES_HOLDOUT, p))) {
                    assertThat(checkpoint.get().tasks().get(TASK).window()).hasSize(60);
                    EvaluatorTestKit.sleep(1500); // past the service's checkpoint interval: nothing left to write
                    return p;
                }
            }
            EvaluatorTestKit.sleep(300);
        }
        throw new AssertionError("no checkpoint of task " + TASK + " caught up with the holdout topic");
    }

    private long totalHoldoutRecords() {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> endOffsets() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EvaluatorTestKit.devStack().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EXAMPLES_HOLDOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }
}
