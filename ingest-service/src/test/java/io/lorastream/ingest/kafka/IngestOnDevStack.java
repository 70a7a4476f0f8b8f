package io.lorastream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStack;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.domain.DedupIndex;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.RowValidator;
import io.lorastream.ingest.it.KafkaTestClient;
import io.lorastream.ingest.metrics.IngestMetrics;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The service's Kafka side wired as {@code IngestCore} wires it (catalog, dedup memory, preparer, metrics and the
 * {@link IngestLifecycle} that restores the dedup memory and runs the feedback consumer), on a devstack broker and
 * around a writer that a test may make fail; for the tests that take the service through Kafka faults.
 */
final class IngestOnDevStack implements AutoCloseable {

    /** How a test makes its lifecycle: the service's own, or one that also observes it. */
    interface Lifecycles {
        IngestLifecycle create(IngestConfig config, KafkaClientSettings settings, TaskSpecs catalog, DedupIndex dedup,
                               ExamplePreparer preparer, KafkaExampleWriter writer, IngestMetrics metrics);
    }

    final KafkaClientSettings settings;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final IngestMetrics metrics = new IngestMetrics(registry);
    final DedupIndex dedup;
    final ExamplePreparer preparer;
    final KafkaExampleWriter writer;
    final IngestLifecycle lifecycle;

    /** Wires the service around {@code writer} (closed with it) and starts its lifecycle. */
    IngestOnDevStack(IngestConfig config, KafkaClientSettings settings, KafkaExampleWriter writer, Lifecycles lifecycles) {
        this.settings = settings;
        this.writer = writer;
        dedup = new DedupIndex(config.dedup().windowPerTask());
        preparer = new ExamplePreparer(new RowValidator(256, 128), dedup, metrics, Clock.systemUTC());
        TaskSpecs catalog = new TaskSpecs(new CompactedTopicFollower<>(Topics.TASKS,
                settings.reader("ingest-on-devstack-tasks"), (k, v) -> ContractJson.fromBytes(v, TaskSpec.class),
                TaskSpec::task));
        lifecycle = lifecycles.create(config, settings, catalog, dedup, preparer, writer, metrics);
        lifecycle.onStart(null);
    }

    /**
     * The service's own config mapping and defaults, with the test profile's short Kafka timeouts, the feedback
     * consumer in {@code groupId} and the {@code extra} keys.
     */
    static IngestConfig config(DevStack stack, String groupId, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "lorastream.ingest.kafka.bootstrap-servers", stack.bootstrapServers(),
                "lorastream.ingest.kafka.delivery-timeout", "3s",
                "lorastream.ingest.kafka.max-block", "2s",
                "lorastream.ingest.feedback.group-id", groupId));
        keys.putAll(extra);
        return new SmallRyeConfigBuilder().withMapping(IngestConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(keys, "IngestOnDevStack", 500))
                .build().getConfigMapping(IngestConfig.class);
    }

    @Override
    public void close() {
        lifecycle.onStop(null);
        writer.close();
    }

    /** The texts of {@code task}'s examples on the train and holdout topics. */
    static List<String> writtenTexts(KafkaTestClient kafka, String task) {
        List<String> written = new ArrayList<>();
        for (String topic : List.of(Topics.EXAMPLES_TRAIN, Topics.EXAMPLES_HOLDOUT)) {
            kafka.examples(topic, task).forEach(e -> written.add(e.text()));
        }
        return written;
    }

    /** Waits until consumer group {@code groupId} has committed the end of every feedback partition. */
    static void awaitCommitted(DevStack stack, String groupId, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            List<TopicPartition> partitions = IntStream.range(0, Topics.TASK_PARTITIONS)
                    .mapToObj(p -> new TopicPartition(Topics.FEEDBACK, p)).toList();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
                admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                        .all().get(10, TimeUnit.SECONDS)
                        .forEach((p, info) -> ends.put(p, info.offset()));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                boolean done = partitions.stream().allMatch(p -> ends.get(p) == 0
                        || (committed.get(p) != null && committed.get(p).offset() == ends.get(p)));
                if (done) {
                    return;
                }
                assertThat(System.nanoTime()).as("committed %s of %s", committed, ends).isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    /** Waits up to 60 s for {@code condition}. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            sleep(50);
        }
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
