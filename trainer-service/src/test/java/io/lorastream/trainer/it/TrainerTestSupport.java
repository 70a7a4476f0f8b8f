package io.lorastream.trainer.it;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.TrainingSpec;
import io.lorastream.contracts.TrainingTrigger;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The outside world of a trainer under test, on a real devstack: writes task specs, examples and
 * champions to Kafka the way ingest and the registry do, watches the candidates topic, and reads
 * the object store.
 */
final class TrainerTestSupport implements AutoCloseable {

    static final String TINY_MODEL = "tiny-bert";
    static final List<String> LABELS = List.of("ham", "spam");

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final List<CandidateEvent> candidates = new CopyOnWriteArrayList<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final Thread watcher;
    final ObjectStore objects;
    final AdapterStore store;

    TrainerTestSupport(String bootstrapServers, String s3Endpoint, String accessKey, String secretKey, String bucket) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        objects = ObjectStore.connect(new S3Settings(s3Endpoint, accessKey, secretKey, bucket, null), Duration.ofSeconds(2));
        store = new AdapterStore(objects);
        watcher = new Thread(this::watchCandidates, "test-candidate-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** A spec for the tiny model that trains fast: windows of {@code window}, one short epoch, replay half. */
    static TaskSpec tinySpec(String task, int window) {
        return TaskSpec.withDefaults(task, LABELS)
                .withBaseModel(TINY_MODEL)
                .withTrigger(new TrainingTrigger(window, Duration.ofHours(1), 1))
                .withTraining(new TrainingSpec(1, 4, 32, 1e-3, 1e-2, 0.0, "balanced", 0.0, 0, 0.5, 100));
    }

    void putTask(TaskSpec spec) {
        send(Topics.TASKS, spec.task(), ContractJson.toBytes(spec));
    }

    void putChampion(ChampionEvent champion) {
        send(Topics.ADAPTERS_CHAMPIONS, champion.task(), ContractJson.toBytes(champion));
    }

    /** Writes examples as ingest would; returns where each landed. */
    List<RecordMetadata> sendExamples(String task, int from, int count, String prefix) {
        List<RecordMetadata> written = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String label = i % 2 == 0 ? "ham" : "spam";
            String text = (label.equals("spam") ? "WIN money now, offer " : "meeting notes for project ") + prefix + " " + i;
            written.add(sendExample(example(task, text, label)));
        }
        return written;
    }

    RecordMetadata sendExample(Example example) {
        try {
            return producer.send(new ProducerRecord<>(Topics.EXAMPLES_TRAIN, example.task(), ContractJson.toBytes(example)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write an example", e);
        }
    }

    static Example example(String task, String text, String label) {
        String hash = sha256(text);
        return new Example(SchemaVersion.CURRENT, task, hash, text, label, 1.0, "test", null, hash, Instant.now());
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    /** The candidates of {@code task} announced so far, in order. */
    List<CandidateEvent> candidates(String task) {
        return candidates.stream().filter(c -> c.task().equals(task)).toList();
    }

    /** Waits until {@code task} has {@code count} candidates; returns them. */
    List<CandidateEvent> awaitCandidates(String task, int count, Duration timeout) {
        await("candidate " + count + " of " + task, timeout, () -> candidates(task).size() >= count);
        return candidates(task);
    }

    /** The trainers' committed offset on a partition, or -1. */
    long committedOffset(String group, int partition) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (AdminClient admin = AdminClient.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(Topics.EXAMPLES_TRAIN, partition));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the committed offsets of " + group, e);
        }
    }

    private void watchCandidates() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ADAPTERS_CANDIDATES, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (watching.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    candidates.add(ContractJson.fromBytes(record.value(), CandidateEvent.class));
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // closing
        }
    }

    static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            sleep(50);
        }
    }

    static <T> T awaitValue(String what, Duration timeout, java.util.function.Supplier<T> value, Predicate<T> ok) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = value.get();
            if (ok.test(v)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + v);
            }
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

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        watching.set(false);
        try {
            watcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
