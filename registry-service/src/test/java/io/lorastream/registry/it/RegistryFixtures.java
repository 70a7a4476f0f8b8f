package io.lorastream.registry.it;

import static io.restassured.RestAssured.given;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.VersionId;
import io.lorastream.devstack.DevStack;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
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
import java.util.Random;
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

/**
 * What the registry's tests play of the rest of the system, on the devstack's real broker and S3:
 * the trainer (small fake candidate files in S3 and a CandidateEvent with their sha256), the
 * evaluator (DecisionEvents), and a reader of the champions topic.
 */
final class RegistryFixtures {

    static final String READ_TOKEN = "test-read-token-0123456789";
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final String ADMIN_NAME = "test-admin";

    final DevStack stack;
    final ObjectStore objects;
    final AdapterStore store;

    RegistryFixtures(DevStack stack) {
        this.stack = stack;
        this.objects = ObjectStore.connect(new S3Settings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), null), Duration.ofSeconds(2));
        this.store = new AdapterStore(objects);
    }

    /** The n-th version id of a test: later n, later id. */
    static String version(int n) {
        return VersionId.of(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(n * 60L), "t" + n);
    }

    /** Creates the task through the registry's own API, as an admin. */
    static void putTask(String task) {
        given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                .body(ContractJson.toJson(TaskSpec.withDefaults(task, List.of("ham", "spam"))))
                .put("/v1/tasks/{task}", task).then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(200)));
    }

    /** Uploads a fake candidate (config, weights of {@code weightBytes} random bytes, lineage) and announces it. */
    CandidateEvent candidate(String task, String version, int weightBytes) {
        try {
            Path dir = Files.createTempDirectory("candidate-");
            Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\":\"LORA\",\"r\":8,\"version\":\"" + version + "\"}");
            byte[] weights = new byte[weightBytes];
            new Random(version.hashCode()).nextBytes(weights);
            Files.write(dir.resolve("adapter_model.safetensors"), weights);
            Files.writeString(dir.resolve("training.json"), "{\"baseModel\":\"all-minilm-l6-v2\",\"lossCurve\":[0.7,0.4]}");
            Map<String, String> files = store.putCandidate(task, version, dir);
            CandidateEvent event = new CandidateEvent(SchemaVersion.CURRENT, task, version, "all-minilm-l6-v2",
                    "0".repeat(64), io.lorastream.contracts.ObjectLayout.candidatePrefix(task, version), files,
                    List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 0, 199)), 200, null, 0.42, Instant.now());
            send(Topics.ADAPTERS_CANDIDATES, task, ContractJson.toBytes(event));
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Announces candidate {@code n} of the task, approves it against {@code previous} (null for none)
     * and waits until the registry serves it as champion.
     */
    CandidateEvent champion(String task, int n, String previous, int weightBytes) {
        CandidateEvent candidate = candidate(task, version(n), weightBytes);
        decide(decision(candidate, previous, true));
        awaitChampion(task, candidate.version());
        return candidate;
    }

    /** The evaluator's verdict on {@code candidate}, judged against {@code championVersion}. */
    static DecisionEvent decision(CandidateEvent candidate, String championVersion, boolean approved) {
        List<CheckResult> checks = List.of(
                new CheckResult("quality_floor", 0.91, 0.6, true, "macro-F1 on holdout"),
                new CheckResult("no_regression", approved ? 0.01 : -0.08, -0.01, approved, "candidate minus champion"));
        return new DecisionEvent(SchemaVersion.CURRENT, candidate.task(), candidate.version(), championVersion, approved,
                checks, Map.of("holdout.macro_f1", 0.91), Map.of("holdout.macro_f1", approved ? 0.90 : 0.99),
                Map.of("holdout", 120), 1500, Instant.now());
    }

    void decide(DecisionEvent decision) {
        send(Topics.ADAPTERS_DECISIONS, decision.task(), ContractJson.toBytes(decision));
    }

    void send(String topic, String key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    /**
     * Replaces an object's bytes behind the registry's back, recording {@code claimedSha256} as its
     * sha256 metadata: a tamperer who also forges the metadata.
     */
    void forge(String key, byte[] bytes, String claimedSha256) {
        io.minio.MinioClient minio = io.minio.MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.accessKey(), stack.secretKey()).region("us-east-1").build();
        try {
            minio.putObject(io.minio.PutObjectArgs.builder().bucket(stack.bucket()).object(key)
                    .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1)
                    .userMetadata(Map.of(ObjectStore.SHA256_METADATA, claimedSha256)).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot overwrite " + key, e);
        }
    }

    /** Every record of the task on the champions topic, in order, read from the beginning. */
    List<ChampionEvent> championRecords(String task) {
        return records(Topics.ADAPTERS_CHAMPIONS, task).stream()
                .map(value -> ContractJson.fromBytes(value, ChampionEvent.class)).toList();
    }

    /** The values of every record keyed {@code key} on {@code topic}, in order, read from the beginning (no tombstones). */
    List<byte[]> records(String topic, String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 30 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && record.value() != null) {
                        out.add(record.value());
                    }
                }
            }
        }
        return out;
    }

    /** Waits until the registry serves {@code version} as the task's champion. */
    static void awaitChampion(String task, String version) {
        await("champion of " + task + " to be " + version, () -> {
            var response = given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/champion", task);
            return response.statusCode() == 200 && version.equals(response.jsonPath().getString("version"));
        });
    }

    /** Waits until the versions listing shows {@code version} with {@code status}. */
    static void awaitStatus(String task, String version, String status) {
        await(version + " of " + task + " to be " + status, () -> {
            var response = given().auth().oauth2(READ_TOKEN).get("/v1/tasks/{task}/versions/{version}", task, version);
            return response.statusCode() == 200 && status.equals(response.jsonPath().getString("summary.status"));
        });
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("timed out after 60 s waiting for " + what);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The sum of a metric's series in {@code /q/metrics} whose labels include every {@code labels}
     * pair, each given as {@code name=value}; 0 when there is no such series.
     */
    static double metric(String name, String... labels) {
        String body = given().get("/q/metrics").asString();
        return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(label -> {
                    String[] pair = label.split("=", 2);
                    return l.contains(pair[0] + "=\"" + pair[1] + "\"");
                }))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
