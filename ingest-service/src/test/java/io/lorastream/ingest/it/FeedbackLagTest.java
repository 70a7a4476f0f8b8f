package io.lorastream.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStack;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.domain.DedupIndex;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.ExampleSink;
import io.lorastream.ingest.domain.IngestObserver;
import io.lorastream.ingest.domain.RowValidator;
import io.lorastream.ingest.domain.TaskCatalog;
import io.lorastream.ingest.kafka.FeedbackConsumer;
import io.lorastream.ingest.kafka.KafkaClientSettings;
import io.lorastream.ingest.kafka.KafkaExampleWriter;
import io.lorastream.ingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feedback consumer's lag gauge ({@code lorastream.ingest.consumer.lag.records}) on a real broker: records the
 * consumer cannot get acknowledged show as lag, the lag goes to zero once they are written, and after a second
 * replica joins the group each partition is reported by exactly one of them.
 */
class FeedbackLagTest {

    private static final TaskSpec TASK = TaskSpec.withDefaults("lag-task", List.of("ham", "spam"));
    private static final int RECORDS = 20;
    private static final int MAX_POLL_RECORDS = 5;

    private DevStack stack;
    private KafkaExampleWriter writer;
    private KafkaClientSettings settings;
    private final List<FeedbackConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        stack = DevStack.builder(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "devstack-lag-")).start();
        // The service's own config mapping and defaults; Quarkus' converter reads durations like "10s".
        IngestConfig config = new SmallRyeConfigBuilder().withMapping(IngestConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("lorastream.ingest.kafka.bootstrap-servers",
                        stack.bootstrapServers()), "FeedbackLagTest", 500))
                .build().getConfigMapping(IngestConfig.class);
        settings = new KafkaClientSettings(config);
        writer = new KafkaExampleWriter(settings);
    }

    @AfterEach
    void stop() {
        consumers.forEach(FeedbackConsumer::stop);
        if (writer != null) {
            writer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void unacknowledgedRecordsShowAsLagUntilWrittenAndEachPartitionHasOneReporter() {
        KafkaTestClient kafka = new KafkaTestClient(stack.bootstrapServers());
        // One key, so every record lands on the same partition.
        for (int i = 0; i < RECORDS; i++) {
            kafka.send(Topics.FEEDBACK, TASK.task().getBytes(StandardCharsets.UTF_8),
                    ("{\"text\":\"mail number " + i + "\",\"label\":\"" + (i % 2 == 0 ? "ham" : "spam") + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        GatedSink sink = new GatedSink(writer);
        MeterRegistry first = new SimpleMeterRegistry();
        startConsumer(sink, first);

        // Each poll takes 5 records whose writes are never acknowledged, so the consumer seeks back and retries:
        // the 15 records behind them stay unread on their partition.
        Map<Integer, Long> stuck = await(first, lag -> lag.size() == Topics.TASK_PARTITIONS && lag.containsValue(15L));
        assertThat(stuck.values()).containsOnly(0L, 15L).containsOnlyOnce(15L);
        IngestTestSupport.sleep(3_000); // a few more rounds of retries
        assertThat(lag(first)).isEqualTo(stuck);

        sink.open();
        await(first, lag -> lag.size() == Topics.TASK_PARTITIONS && lag.values().stream().allMatch(l -> l == 0));

        // A second replica in the group: after the rebalance each partition is reported by one of them only.
        MeterRegistry second = new SimpleMeterRegistry();
        startConsumer(sink, second);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Set<Integer> a = lag(first).keySet();
            Set<Integer> b = lag(second).keySet();
            Set<Integer> both = new HashSet<>(a);
            both.retainAll(b);
            Set<Integer> all = new HashSet<>(a);
            all.addAll(b);
            if (!a.isEmpty() && !b.isEmpty() && both.isEmpty() && all.size() == Topics.TASK_PARTITIONS) {
                break;
            }
            assertThat(System.nanoTime()).as("partitions reported: first %s, second %s", a, b).isLessThan(deadline);
            IngestTestSupport.sleep(250);
        }
    }

    private void startConsumer(ExampleSink sink, MeterRegistry registry) {
        TaskCatalog catalog = TaskCatalog.of(TASK);
        ExamplePreparer preparer = new ExamplePreparer(new RowValidator(256, 128), new DedupIndex(1_000),
                IngestObserver.NONE, Clock.systemUTC());
        IngestMetrics metrics = new IngestMetrics(registry);
        FeedbackConsumer consumer = new FeedbackConsumer(settings.groupConsumer("lag-test", MAX_POLL_RECORDS), catalog,
                preparer, sink, writer, metrics, metrics.feedbackLag(), 500);
        consumers.add(consumer);
        Thread thread = new Thread(consumer, "feedback-lag-test-" + consumers.size());
        thread.setDaemon(true);
        thread.start();
    }

    /** The gauge's value per partition tag, as a scrape would read it. */
    private static Map<Integer, Long> lag(MeterRegistry registry) {
        Map<Integer, Long> lag = new TreeMap<>();
        for (Gauge g : registry.find("lorastream.ingest.consumer.lag.records").gauges()) {
            lag.put(Integer.parseInt(g.getId().getTag("partition")), (long) g.value());
        }
        return lag;
    }

    private static Map<Integer, Long> await(MeterRegistry registry, Predicate<Map<Integer, Long>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<Integer, Long> lag = lag(registry);
        while (!condition.test(lag)) {
            assertThat(System.nanoTime()).as("lag per partition now: %s", lag).isLessThan(deadline);
            IngestTestSupport.sleep(100);
            lag = lag(registry);
        }
        return lag;
    }

    /** Passes writes to the real writer once open; until then they are never acknowledged, like a broker that hangs. */
    private static final class GatedSink implements ExampleSink {
        private final ExampleSink target;
        private volatile boolean open;

        GatedSink(ExampleSink target) {
            this.target = target;
        }

        void open() {
            open = true;
        }

        @Override
        public void write(io.lorastream.contracts.Example example, boolean holdout, Acknowledgement done) {
            if (open) {
                target.write(example, holdout, done);
            }
        }
    }
}
