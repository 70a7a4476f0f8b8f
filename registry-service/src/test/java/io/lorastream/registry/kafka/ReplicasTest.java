package io.lorastream.registry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.VersionId;
import io.lorastream.devstack.DevStack;
import io.lorastream.registry.domain.ChampionChange;
import io.lorastream.registry.domain.HistoryEntry;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * Several stateless replicas on one broker and one bucket: each decision is handled once (one
 * champion change per approval, re-deliveries and a replica leaving included), concurrent manual
 * changes on different replicas keep one linear history that the champions topic converges to, a
 * new replica rebuilds the same view, and a change that reached the history but not the topic is
 * repaired at start-up.
 */
class ReplicasTest {

    private static DevStack stack;
    private static AdapterStore store;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startDevStack() {
        stack = DevStack.builder(Path.of("target", "replicas-" + UUID.randomUUID().toString().substring(0, 8))).start();
        store = new AdapterStore(ObjectStore.connect(new S3Settings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null), Duration.ofSeconds(2)));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopDevStack() {
        producer.close();
        stack.close();
    }

    private static String version(int n) {
        return VersionId.of(Instant.parse("2026-12-02T00:00:00Z").plusSeconds(60L * n), "r" + n);
    }

    private static CandidateEvent candidate(String task, int n) throws Exception {
        Path dir = Files.createTempDirectory("replica-candidate-");
        Files.writeString(dir.resolve("adapter_config.json"), "{\"r\":" + n + "}");
        Files.writeString(dir.resolve("adapter_model.safetensors"), "weights of " + task + " " + n);
        Map<String, String> files = store.putCandidate(task, version(n), dir);
        CandidateEvent event = new CandidateEvent(SchemaVersion.CURRENT, task, version(n), "all-minilm-l6-v2", "0".repeat(64),
                ObjectLayout.candidatePrefix(task, version(n)), files, List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 0, 9)),
                10, null, 0.5, Instant.now());
        producer.send(new ProducerRecord<>(Topics.ADAPTERS_CANDIDATES, task, ContractJson.toBytes(event))).get();
        return event;
    }

    private static void decide(String task, int n, Integer against, boolean approved) throws Exception {
        DecisionEvent decision = new DecisionEvent(SchemaVersion.CURRENT, task, version(n),
                against == null ? null : version(against), approved, List.of(new CheckResult("gate", 1, 0, approved, null)),
                Map.of(), Map.of(), Map.of(), 1, Instant.parse("2026-12-02T01:00:00Z").plusSeconds(n));
        producer.send(new ProducerRecord<>(Topics.ADAPTERS_DECISIONS, task, ContractJson.toBytes(decision))).get();
    }

    private static List<ChampionEvent> championRecords(String task) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        List<ChampionEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.ADAPTERS_CHAMPIONS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (task.equals(record.key())) {
                        out.add(ContractJson.fromBytes(record.value(), ChampionEvent.class));
                    }
                }
            }
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static boolean champion(Replica replica, String task, int n) {
        return replica.board.current(task).map(c -> c.version().equals(version(n))).orElse(false);
    }

    @Test
    void eachDecisionIsHandledOnceAcrossReplicasEvenWhenOneLeavesAndDecisionsRepeat() throws Exception {
        List<String> tasks = List.of("rep-a", "rep-b", "rep-c", "rep-d");
        Replica first = new Replica(stack, "registry-once");
        Replica second = new Replica(stack, "registry-once");
        try {
            for (String task : tasks) {
                for (int n = 1; n <= 4; n++) {
                    candidate(task, n);
                }
                decide(task, 1, null, true);
                decide(task, 1, null, true);
                decide(task, 2, 1, true);
                decide(task, 3, 2, false);
            }
            for (String task : tasks) {
                await(task + " on v2", () -> champion(first, task, 2) && champion(second, task, 2));
            }
            // One replica leaves; the group hands its partitions to the other, which repeats nothing.
            first.close();
            for (String task : tasks) {
                decide(task, 2, 1, true);
                decide(task, 4, 2, true);
            }
            for (String task : tasks) {
                await(task + " on v4", () -> champion(second, task, 4));
            }
        } finally {
            second.close();
        }
        for (String task : tasks) {
            assertThat(championRecords(task)).as(task).extracting(ChampionEvent::version)
                    .containsExactly(version(1), version(2), version(4));
            List<HistoryEntry> history = second.history.entries(task, true);
            assertThat(history).extracting(HistoryEntry::version).containsExactly(version(1), version(2), version(4));
            assertThat(history).extracting(HistoryEntry::seq).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void concurrentChampionChangesOnTwoReplicasKeepOneLinearHistoryThatTheTopicEndsOn() throws Exception {
        String task = "rep-race";
        Replica first = new Replica(stack, "registry-race");
        Replica second = new Replica(stack, "registry-race");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int n = 1; n <= 3; n++) {
                candidate(task, n);
            }
            decide(task, 1, null, true);
            decide(task, 2, 1, true);
            decide(task, 3, 2, true);
            await("v3", () -> champion(first, task, 3) && champion(second, task, 3));

            List<Future<List<ChampionChange>>> runs = new ArrayList<>();
            for (Replica replica : List.of(first, second)) {
                int offset = replica == first ? 0 : 1;
                runs.add(pool.submit(() -> {
                    List<ChampionChange> changes = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        int target = 1 + (i + offset) % 3;
                        changes.add(replica.promotions.changeChampion(task, version(target), "race " + i, "replica-" + offset));
                    }
                    return changes;
                }));
            }
            for (Future<List<ChampionChange>> run : runs) {
                run.get();
            }
            List<HistoryEntry> history = first.history.entries(task, true);
            for (int i = 1; i < history.size(); i++) {
                HistoryEntry entry = history.get(i);
                assertThat(entry.seq()).isEqualTo(i + 1L);
                assertThat(entry.previousVersion()).as("entry " + entry.seq()).isEqualTo(history.get(i - 1).version());
                assertThat(entry.promotedAt()).isAfter(history.get(i - 1).promotedAt());
            }
            HistoryEntry last = history.get(history.size() - 1);
            await("both views on the history's last entry", () -> champion(first, task, indexOf(last.version()))
                    && champion(second, task, indexOf(last.version())));
            List<ChampionEvent> records = championRecords(task);
            assertThat(records.get(records.size() - 1).version()).isEqualTo(last.version());
            assertThat(records.get(records.size() - 1).promotedAt()).isEqualTo(last.promotedAt());

            // A replica started now rebuilds the same view from the topics and S3.
            try (Replica fresh = new Replica(stack, "registry-race")) {
                assertThat(fresh.board.current(task)).contains(first.board.current(task).orElseThrow());
                assertThat(fresh.versions.versions(task)).isEqualTo(first.versions.versions(task));
                assertThat(fresh.history.entries(task, true)).isEqualTo(history);
            }
        } finally {
            pool.shutdownNow();
            first.close();
            second.close();
        }
    }

    private static int indexOf(String version) {
        for (int n = 1; n <= 10; n++) {
            if (version(n).equals(version)) {
                return n;
            }
        }
        throw new IllegalArgumentException(version);
    }

    @Test
    void aChangeThatReachedTheHistoryButNotTheTopicIsPublishedWhenAReplicaStarts() throws Exception {
        String task = "rep-crash";
        try (Replica replica = new Replica(stack, "registry-crash")) {
            candidate(task, 1);
            candidate(task, 2);
            decide(task, 1, null, true);
            decide(task, 2, 1, false);
            await("v1", () -> champion(replica, task, 1));
            // Version 2 is rejected; make v1's files look like a second, approved change that a
            // replica wrote to the history and then died before publishing.
            HistoryEntry v1 = replica.history.last(task, true).orElseThrow();
            HistoryEntry orphan = new HistoryEntry(2, task, v1.version(), v1.version(), HistoryEntry.Kind.ROLLBACK,
                    "written before a crash", "replica-that-died", v1.baseModel(), v1.objectPrefix(), v1.files(),
                    v1.promotedAt().plusSeconds(1), null);
            assertThat(replica.history.append(orphan)).isTrue();
        }
        try (Replica restarted = new Replica(stack, "registry-crash")) {
            await("the orphan change on the topic", () -> restarted.board.current(task)
                    .map(c -> c.reason().contains("written before a crash")).orElse(false));
        }
        assertThat(championRecords(task)).hasSize(2);
    }
}
