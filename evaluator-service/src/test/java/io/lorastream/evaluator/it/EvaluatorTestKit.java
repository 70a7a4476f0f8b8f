package io.lorastream.evaluator.it;

import static io.restassured.RestAssured.given;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.VersionId;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.peft.PeftAdapterWriter;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import io.lorastream.store.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
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

/**
 * What the integration tests do in the other services' place, against the devstack's real broker and S3: the
 * registry (task specs, champions), ingest (held-out examples), the trainer (candidates in S3 and their events), and
 * reading the decisions the evaluator publishes.
 */
final class EvaluatorTestKit {

    private static final AtomicInteger VERSIONS = new AtomicInteger();

    private EvaluatorTestKit() {
    }

    static DevStack devStack() {
        return DevStackTestResource.current();
    }

    static ObjectStore objects() {
        DevStack stack = devStack();
        return ObjectStore.connect(new S3Settings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(), stack.bucket(),
                null));
    }

    static AdapterStore store() {
        return new AdapterStore(objects());
    }

    /** A fresh, valid version id. */
    static String newVersion() {
        return VersionId.of(Instant.now(), "t" + VERSIONS.incrementAndGet());
    }

    // ------------------------------------------------------------------------------------------------ Kafka out

    static KafkaProducer<String, byte[]> producer(int lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    static void send(String topic, String key, Object value) {
        try (KafkaProducer<String, byte[]> producer = producer(0)) {
            producer.send(new ProducerRecord<>(topic, key, value == null ? null : ContractJson.toBytes(value))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("cannot publish to " + topic, e);
        }
    }

    static void putTask(TaskSpec spec) {
        send(Topics.TASKS, spec.task(), spec);
    }

    static void publishChampion(ChampionEvent champion) {
        send(Topics.ADAPTERS_CHAMPIONS, champion.task(), champion);
    }

    static void publishCandidate(CandidateEvent candidate) {
        send(Topics.ADAPTERS_CANDIDATES, candidate.task(), candidate);
    }

    /** Publishes held-out examples as ingest does (content hash of text and label), all ingested at {@code at}. */
    static void publishHoldout(String task, List<LabeledExample> examples, Instant at) {
        try (KafkaProducer<String, byte[]> producer = producer(5)) {
            for (LabeledExample e : examples) {
                String hash = Sha256.of((e.text() + "\u0000" + e.label()).getBytes(StandardCharsets.UTF_8));
                Example example = new Example(SchemaVersion.CURRENT, task, hash, e.text(), e.label(), 1.0, "test", null,
                        hash, at);
                producer.send(new ProducerRecord<>(Topics.EXAMPLES_HOLDOUT, task, ContractJson.toBytes(example)));
            }
            producer.flush();
        }
    }

    // ------------------------------------------------------------------------------------------------ S3

    /** Uploads a base model directory to {@code models/<id>/} once. */
    static synchronized void uploadModel(String id, Path dir) {
        AdapterStore store = store();
        if (store.modelFiles(id).isEmpty()) {
            store.putModel(id, dir);
        }
    }

    static String baseModelSha256(String id) {
        return store().modelFiles(id).get("model.safetensors");
    }

    /** Writes an adapter in PEFT layout into a fresh folder under {@code target/}. */
    static Path writeAdapter(AdapterState adapter, String baseModel) {
        try {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "adapter-");
            PeftAdapterWriter.write(dir, adapter, baseModel);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads {@code dir} as candidate {@code version} of {@code task} and returns the event announcing it. */
    static CandidateEvent uploadCandidate(String task, String version, String baseModel, Path dir) {
        Map<String, String> files = store().putCandidate(task, version, dir);
        return candidateEvent(task, version, baseModel, files);
    }

    static CandidateEvent candidateEvent(String task, String version, String baseModel, Map<String, String> files) {
        return new CandidateEvent(SchemaVersion.CURRENT, task, version, baseModel, baseModelSha256(baseModel),
                ObjectLayout.candidatePrefix(task, version), files,
                List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 0, 99)), 100, null, 0.1, Instant.now());
    }

    /** Uploads an adapter as a promoted one and returns the champion event the registry would publish. */
    static ChampionEvent uploadChampion(String task, String version, String baseModel, AdapterState adapter) {
        Map<String, String> files = store().putFiles(ObjectLayout.adapterPrefix(task, version),
                writeAdapter(adapter, baseModel));
        return new ChampionEvent(SchemaVersion.CURRENT, task, version, null, "approved", baseModel,
                ObjectLayout.adapterPrefix(task, version), files, Instant.now());
    }

    /** A trained candidate: written, uploaded, announced. */
    static CandidateEvent announce(String task, String baseModel, AdapterState adapter) {
        String version = newVersion();
        CandidateEvent event = uploadCandidate(task, version, baseModel, writeAdapter(adapter, baseModel));
        publishCandidate(event);
        return event;
    }

    // ------------------------------------------------------------------------------------------------ Kafka in

    /** Every decision on the decisions topic for this candidate, in order. */
    static List<DecisionEvent> decisions(String task, String version) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devStack().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<DecisionEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ADAPTERS_DECISIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (task.equals(record.key())) {
                        DecisionEvent d = ContractJson.fromBytes(record.value(), DecisionEvent.class);
                        if (d.candidateVersion().equals(version)) {
                            out.add(d);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Waits for the {@code count}-th decision on a candidate. */
    static List<DecisionEvent> awaitDecisions(String task, String version, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<DecisionEvent> found = List.of();
        while (System.nanoTime() < deadline) {
            found = decisions(task, version);
            if (found.size() >= count) {
                return found;
            }
            sleep(250);
        }
        throw new AssertionError("no " + count + " decision(s) on " + task + " " + version + " within " + timeout
                + " (found " + found.size() + ")");
    }

    static DecisionEvent awaitDecision(String task, String version) {
        return awaitDecisions(task, version, 1, Duration.ofSeconds(180)).get(0);
    }

    static String describe(DecisionEvent decision) {
        return decision.checks().stream().map(c -> c.name() + (c.passed() ? " ok" : " FAILED") + " (" + c.value() + " vs "
                + c.threshold() + "): " + c.detail()).collect(Collectors.joining("\n"));
    }

    // ------------------------------------------------------------------------------------------------ service

    /** Waits until the service reports {@code holdout} and {@code retention} items for the task. */
    static void awaitSetSizes(String task, int holdout, int retention) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var body = given().get("/v1/tasks/{task}/evaluation-sets", task).then().statusCode(200).extract().jsonPath();
            if (body.getInt("holdout.items") == holdout && body.getInt("retention.items") == retention) {
                return;
            }
            last = body.prettify();
            sleep(200);
        }
        throw new AssertionError("the evaluation sets of " + task + " did not reach " + holdout + "/" + retention + ": " + last);
    }

    /** Waits until the service compares the task's candidates with {@code version}. */
    static void awaitChampion(String task, String version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String champion = given().get("/v1/tasks/{task}/evaluation-sets", task).then().statusCode(200).extract()
                    .jsonPath().getString("champion");
            if (version.equals(champion)) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("the service did not learn champion " + version + " of " + task);
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
