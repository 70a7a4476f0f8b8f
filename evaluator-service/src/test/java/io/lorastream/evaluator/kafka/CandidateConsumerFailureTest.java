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
import io.lorastream.devstack.DevStack;
import io.lorastream.evaluator.domain.CandidateJudge;
import io.lorastream.evaluator.domain.CandidateProcessor;
import io.lorastream.evaluator.domain.DecisionLedger;
import io.lorastream.evaluator.domain.EvaluationInputs;
import io.lorastream.evaluator.domain.EvaluationObserver;
import io.lorastream.evaluator.domain.GateSettings;
import io.lorastream.evaluator.domain.RetryPolicy;
import io.lorastream.evaluator.testing.NoTaskInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import org.junit.jupiter.api.Test;

/**
 * The candidates consumer on a real broker, when deciding a candidate hits a bug that no retry or rejection covers:
 * it stops, says why ({@link CandidateConsumer#failure()}, which liveness and readiness report), and leaves the
 * candidate uncommitted, so the restarted consumer decides it. A consumer stopped on purpose reports no failure.
 */
class CandidateConsumerFailureTest {

    private static final String TASK = "consumer-bug";
    private static final String GROUP = "consumer-failure-test";
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
    void aBugStopsTheConsumerUncommittedAndTheNextConsumerDecidesTheCandidate() throws Exception {
        String version = "v20260301T000000Z-bug";
        publish(candidate(version));

        CandidateConsumer broken = new CandidateConsumer(consumerProps(), processor(new BuggyInputs(), new MemoryLedger(),
                new CopyOnWriteArrayList<>()), true, 10);
        Thread thread = start(broken);
        thread.join(BOUND.toMillis());
        assertThat(thread.isAlive()).as("the consumer ends after the bug").isFalse();
        assertThat(broken.isRunning()).isFalse();
        assertThat(broken.failure()).contains("partition").contains("failed").contains("AssertionError")
                .contains("a bug in the judge");
        assertThat(committed()).as("nothing committed for the undecided candidate").isEmpty();

        List<DecisionEvent> published = new CopyOnWriteArrayList<>();
        CandidateConsumer restarted = new CandidateConsumer(consumerProps(), processor(new NoTaskInputs(),
                new MemoryLedger(), published), true, 10);
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

    private static Thread start(CandidateConsumer consumer) {
        Thread thread = new Thread(consumer, "test-candidates");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static CandidateProcessor processor(EvaluationInputs inputs, DecisionLedger ledger,
                                                List<DecisionEvent> published) {
        Clock clock = Clock.systemUTC();
        CandidateJudge judge = new CandidateJudge(inputs, null, GateSettings.DEFAULT, clock);
        return new CandidateProcessor(judge, ledger, published::add, inputs, EvaluationObserver.NONE,
                new RetryPolicy(Duration.ZERO, Duration.ZERO, 2), clock, millis -> { }, () -> true);
    }

    private static CandidateEvent candidate(String version) {
        return new CandidateEvent(SchemaVersion.CURRENT, TASK, version, "tiny-bert", "0".repeat(64),
                ObjectLayout.candidatePrefix(TASK, version), Map.of("adapter_config.json", "0".repeat(64)),
                List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 0, 9)), 10, null, 0.1, Instant.now());
    }

    private static void publish(CandidateEvent event) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_CANDIDATES, TASK, ContractJson.toBytes(event))).get();
        }
    }

    private static Properties consumerProps() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
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
