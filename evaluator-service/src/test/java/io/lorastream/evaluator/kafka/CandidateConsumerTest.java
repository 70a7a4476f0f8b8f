package io.lorastream.evaluator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.VersionId;
import io.lorastream.devstack.DevStack;
import io.lorastream.evaluator.domain.CandidateJudge;
import io.lorastream.evaluator.domain.CandidateProcessor;
import io.lorastream.evaluator.domain.DecisionLedger;
import io.lorastream.evaluator.domain.EvaluationInputs;
import io.lorastream.evaluator.domain.EvaluationObserver;
import io.lorastream.evaluator.domain.GateSettings;
import io.lorastream.evaluator.domain.RetryPolicy;
import io.lorastream.evaluator.domain.DecisionSink;
import io.lorastream.evaluator.metrics.EvaluatorMetrics;
import io.lorastream.evaluator.testing.NoTaskInputs;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The candidates consumer on a real broker. When deciding a candidate hits a bug that no retry or rejection covers,
 * it stops, says why ({@link CandidateConsumer#failure()}, which liveness and readiness report), and leaves the
 * candidate uncommitted, so the restarted consumer decides it; a consumer stopped on purpose reports no failure. Its
 * lag gauge ({@code lorastream.evaluator.consumer.lag.records}) counts the candidates it has not read yet.
 */
// One broker for both tests: the failure test must run first, since it expects its own candidate to be the only one.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CandidateConsumerTest {

    private static final String TASK = "consumer-bug";
    private static final String GROUP = "consumer-failure-test";
    private static final int CANDIDATES = 10;
    private static final String LAG_METER = "lorastream.evaluator.consumer.lag.records";
    private static final Duration BOUND = Duration.ofSeconds(90);
    private static DevStack devStack;

    @BeforeAll
    static void startDevStack() throws Exception {
        devStack = DevStack.builder(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "devstack-")).start();
    }

    @AfterAll
    static void stopDevStack() {
        if (devStack != null) {
            devStack.close();
        }
    }

    @Test
    @Order(1)
    void aBugStopsTheConsumerUncommittedAndTheNextConsumerDecidesTheCandidate() throws Exception {
        String version = "v20260301T000000Z-bug";
        publish(candidate(TASK, version));

        CandidateConsumer broken = new CandidateConsumer(consumerProps(), processor(new BuggyInputs(), new MemoryLedger(),
                decision -> { }), true, 10, noLag());
        Thread thread = start(broken);
        thread.join(BOUND.toMillis());
        assertThat(thread.isAlive()).as("the consumer ends after the bug").isFalse();
        assertThat(broken.isRunning()).isFalse();
        assertThat(broken.failure()).contains("partition").contains("failed").contains("AssertionError")
                .contains("a bug in the judge");
        assertThat(committed()).as("nothing committed for the undecided candidate").isEmpty();

        List<DecisionEvent> published = new CopyOnWriteArrayList<>();
        CandidateConsumer restarted = new CandidateConsumer(consumerProps(), processor(new NoTaskInputs(),
                new MemoryLedger(), published::add), true, 10, noLag());
        Thread second = start(restarted);
        try {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (published.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(published).as("the restarted consumer decides the candidate").hasSize(1);
            assertThat(published.get(0).candidateVersion()).isEqualTo(version);
            assertThat(published.get(0).approved()).isFalse(); // no task spec in these inputs: task_spec
            assertThat(restarted.failure()).as("a running consumer reports no failure").isNull();
        } finally {
            restarted.stop();
            second.join(BOUND.toMillis());
        }
        assertThat(restarted.isRunning()).isFalse();
        assertThat(restarted.failure()).as("a stop on purpose is no failure").isNull();
    }

    @Test
    @Order(2)
    void candidatesNotReadYetShowAsLagUntilTheConsumerHasReadThem() throws Exception {
        String task = "consumer-lag";
        for (int i = 0; i < CANDIDATES; i++) {
            publish(candidate(task, VersionId.of(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i), "lag" + i)));
        }
        // Decisions are held back until the gate opens: the consumer reads two ahead, then pauses its partitions.
        CountDownLatch gate = new CountDownLatch(1);
        List<DecisionEvent> published = new CopyOnWriteArrayList<>();
        DecisionSink gated = decision -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            published.add(decision);
        };
        // The group is new, so it reads the topic from the beginning: the other test's candidate included.
        long candidates = recordsOnTheCandidatesTopic();
        assertThat(candidates).isGreaterThanOrEqualTo(CANDIDATES);
        Properties props = consumerProps("consumer-lag-test");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2");
        MeterRegistry registry = new SimpleMeterRegistry();
        int maxQueued = 2;
        CandidateConsumer consumer = new CandidateConsumer(props, processor(new NoTaskInputs(), new MemoryLedger(), gated),
                false, maxQueued, new EvaluatorMetrics(registry).candidatesLag());
        Thread thread = start(consumer);
        try {
            // Every candidate is either not read yet (lag) or read and not decided (backlog), and the consumer has
            // paused: its queue is full and the worker holds one more at the gate. Before that (a slow machine) it
            // still reads, and the lag taken as "held" would drop.
            awaitLag(registry, lag -> lag.size() == Topics.TASK_PARTITIONS && total(lag) > 0
                    && consumer.backlog() >= maxQueued + 1
                    && total(lag) + consumer.backlog() == candidates,
                    () -> "backlog " + consumer.backlog() + ", published " + published.size());
            Map<Integer, Long> held = lag(registry);
            Thread.sleep(1_500); // the paused consumer keeps polling and reads nothing more
            assertThat(lag(registry)).isEqualTo(held);
            assertThat(total(held)).isEqualTo(candidates - consumer.backlog());

            gate.countDown();
            awaitLag(registry, lag -> lag.size() == Topics.TASK_PARTITIONS && total(lag) == 0
                    && published.size() == candidates,
                    () -> "backlog " + consumer.backlog() + ", published " + published.size());
        } finally {
            gate.countDown();
            consumer.stop();
            thread.join(BOUND.toMillis());
        }
        assertThat(registry.find(LAG_METER).gauges()).as("a stopped consumer reports no lag").isEmpty();
    }

    private static long recordsOnTheCandidatesTopic() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProps("end-offsets"))) {
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.ADAPTERS_CANDIDATES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return kafka.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static long total(Map<Integer, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The gauge's value per partition tag, as a scrape would read it. */
    private static Map<Integer, Long> lag(MeterRegistry registry) {
        Map<Integer, Long> lag = new TreeMap<>();
        for (Gauge g : registry.find(LAG_METER).gauges()) {
            lag.put(Integer.parseInt(g.getId().getTag("partition")), (long) g.value());
        }
        return lag;
    }

    private static void awaitLag(MeterRegistry registry, Predicate<Map<Integer, Long>> condition,
                                 java.util.function.Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.test(lag(registry))) {
            assertThat(System.nanoTime()).as("lag per partition now: %s (%s)", lag(registry), state.get()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static ConsumerLagGauges noLag() {
        return new EvaluatorMetrics(new SimpleMeterRegistry()).candidatesLag();
    }

    private static Thread start(CandidateConsumer consumer) {
        Thread thread = new Thread(consumer, "test-candidates");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static CandidateProcessor processor(EvaluationInputs inputs, DecisionLedger ledger, DecisionSink published) {
        Clock clock = Clock.systemUTC();
        CandidateJudge judge = new CandidateJudge(inputs, null, GateSettings.DEFAULT, clock);
        return new CandidateProcessor(judge, ledger, published, inputs, EvaluationObserver.NONE,
                new RetryPolicy(Duration.ZERO, Duration.ZERO, 2), clock, millis -> { }, () -> true);
    }

    private static CandidateEvent candidate(String task, String version) {
        return new CandidateEvent(SchemaVersion.CURRENT, task, version, "tiny-bert", "0".repeat(64),
                ObjectLayout.candidatePrefix(task, version), Map.of("adapter_config.json", "0".repeat(64)),
                List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 0, 9)), 10, null, 0.1, Instant.now());
    }

    private static void publish(CandidateEvent event) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_CANDIDATES, event.task(), ContractJson.toBytes(event))).get();
        }
    }

    private static Properties consumerProps() {
        return consumerProps(GROUP);
    }

    private static Properties consumerProps(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            offsets.values().removeIf(java.util.Objects::isNull);
            return offsets;
        }
    }

    /** Inputs with a bug: an Error, which no retry or rejection in the processor is meant to absorb. */
    private static final class BuggyInputs extends NoTaskInputs {
        @Override
        public Optional<TaskSpec> taskSpec(String task) {
            throw new AssertionError("a bug in the judge");
        }
    }

    private static final class MemoryLedger implements DecisionLedger {
        private final Map<String, DecisionEvent> decisions = new ConcurrentHashMap<>();

        @Override
        public Optional<DecisionEvent> find(String task, String version) {
            return Optional.ofNullable(decisions.get(version));
        }

        @Override
        public DecisionEvent recordIfAbsent(DecisionEvent decision) {
            return decisions.computeIfAbsent(decision.candidateVersion(), k -> decision);
        }
    }
}
