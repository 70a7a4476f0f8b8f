package io.lorastream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.TrainingSpec;
import io.lorastream.contracts.TrainingTrigger;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.LoopbackPorts;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.onnx.OnnxBertImporter;
import io.lorastream.lora.onnx.OnnxSource;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import io.lorastream.store.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * Freshness of the trainer: the time from the last example of a 1,000-example window reaching Kafka
 * to its candidate being announced, with a real trainer-service process, real MiniLM and real
 * SpamAssassin mail, split into training and the overhead around it (consume and queue, prepare,
 * model set-up, upload, announce). Target: overhead under 10% of the job's wall time. Writes
 * {@code bench/results/trainer-freshness.json}.
 *
 * <p>Arguments: {@code <trainer-service quarkus-run.jar> [window size]}.
 */
public final class TrainerFreshnessBenchmark {

    private static final String MODEL = "all-minilm-l6-v2";
    private static final long SEED = 2024;

    public static void main(String[] args) throws Exception {
        Path runner = Path.of(args.length > 0 ? args[0] : "trainer-service/target/quarkus-app/quarkus-run.jar");
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        if (!Files.exists(runner)) {
            throw new IllegalArgumentException("no trainer-service runner at " + runner);
        }
        List<SpamAssassinEmail> mails = mails(window + 64);
        try (ScratchDir home = ScratchDir.create("trainer-bench-");
             DevStack stack = DevStack.builder(home.path().resolve("devstack")).start()) {
            new TrainerFreshnessBenchmark().run(stack, runner, home.path(), mails, window);
        }
    }

    private void run(DevStack stack, Path runner, Path home, List<SpamAssassinEmail> mails, int window) throws Exception {
        AdapterStore store = new AdapterStore(ObjectStore.connect(new S3Settings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null)));
        Path model = home.resolve("models").resolve(MODEL);
        OnnxBertImporter.importModel(OnnxSource.ofJar(miniLmJar()), model, OptionalInt.empty());
        store.putModel(MODEL, model);
        TrainingSpec training = new TrainingSpec(1, 32, 128, 5e-4, 2e-3, 0.1, "balanced", 0.0, 0, 0.0, 100);
        try (KafkaProducer<String, byte[]> producer = producer(stack.bootstrapServers());
                CandidateWatcher candidates = new CandidateWatcher(stack.bootstrapServers())) {
            for (String task : List.of("warmup", "fresh")) {
                TaskSpec spec = TaskSpec.withDefaults(task, List.of("ham", "spam"))
                        .withTrigger(new TrainingTrigger(task.equals("warmup") ? 64 : window, Duration.ofHours(1), 1))
                        .withTraining(training);
                producer.send(new ProducerRecord<>(Topics.TASKS, task, ContractJson.toBytes(spec))).get();
            }
            int port = LoopbackPorts.freePort();
            Process trainer = startTrainer(runner, stack, home, port);
            try {
                awaitReady(port, Duration.ofMinutes(3));
                System.out.println("trainer ready; warm-up window of 64 (libtorch, model cache, JIT)");
                send(producer, "warmup", mails.subList(window, window + 64));
                candidates.await("warmup", Duration.ofMinutes(10));

                System.out.printf("measured window: %d mails%n", window);
                Instant lastArrived = send(producer, "fresh", mails.subList(0, window));
                CandidateEvent candidate = candidates.await("fresh", Duration.ofMinutes(30));
                Instant announced = candidates.seenAt("fresh");
                JsonNode lineage = ContractJson.mapper().readTree(store.objects().getBytes(candidate.objectPrefix()
                        + "training.json"));
                BenchResults.write("trainer-freshness", result(window, lastArrived, announced, lineage));
            } finally {
                trainer.destroy();
                trainer.waitFor();
            }
        }
    }

    private static Map<String, Object> result(int window, Instant lastArrived, Instant announced, JsonNode lineage) {
        double total = Duration.between(lastArrived, announced).toNanos() / 1e9;
        Instant started = Instant.parse(lineage.get("startedAt").asText());
        Instant finished = Instant.parse(lineage.get("finishedAt").asText());
        JsonNode stages = lineage.get("stageSeconds");
        double consume = Duration.between(lastArrived, started).toNanos() / 1e9;
        double prepare = stages.get("prepare").asDouble();
        double setup = stages.get("trainSetup").asDouble();
        double steps = stages.get("trainSteps").asDouble();
        double upload = stages.get("upload").asDouble();
        double lineageAndAnnounce = Duration.between(finished, announced).toNanos() / 1e9;
        double jobWall = Duration.between(started, announced).toNanos() / 1e9;
        double overhead = total - steps;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "trainer-freshness");
        out.put("measuredAt", Instant.now().toString());
        out.put("machine", BenchResults.machine());
        out.put("model", "all-MiniLM-L6-v2 + LoRA r=8 (query, value), classifier; CPU");
        out.put("window", Map.of("examples", window, "data", "SpamAssassin, stratified sample, seed " + SEED,
                "epochs", 1, "batchSize", 32, "maxLength", 128, "replay", 0));
        Map<String, Object> seconds = new LinkedHashMap<>();
        seconds.put("lastExampleToCandidateAnnounced", round(total));
        seconds.put("consumeAndQueue", round(consume));
        seconds.put("prepare", round(prepare));
        seconds.put("trainSetup", round(setup));
        seconds.put("trainSteps", round(steps));
        seconds.put("upload", round(upload));
        seconds.put("lineageUploadAndAnnounce", round(lineageAndAnnounce));
        out.put("seconds", seconds);
        out.put("trainingExamplesPerSecond", round(lineage.get("examplesPerSecond").asDouble()));
        out.put("overheadSeconds", round(overhead));
        out.put("overheadShareOfTotal", round(overhead / total));
        out.put("jobWallSeconds", round(jobWall));
        out.put("target", Map.of("overheadShareAtMost", 0.10, "met", overhead / total <= 0.10));
        return out;
    }


    /** Sends the mails as ingest would write them; returns when the last one was acknowledged. */
    private static Instant send(KafkaProducer<String, byte[]> producer, String task, List<SpamAssassinEmail> mails)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (SpamAssassinEmail mail : mails) {
            String text = mail.text();
            String hash = Sha256.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Example example = new Example(SchemaVersion.CURRENT, task, hash, text, mail.label(), 1.0, "bench", null, hash,
                    Instant.now());
            acks.add(producer.send(new ProducerRecord<>(Topics.EXAMPLES_TRAIN, task, ContractJson.toBytes(example))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        return Instant.now();
    }

    private static List<SpamAssassinEmail> mails(int count) throws IOException, InterruptedException {
        return BenchMails.distinct(count, SEED);
    }

    private static Path miniLmJar() throws Exception {
        URL url = TrainerFreshnessBenchmark.class.getClassLoader().getResource("all-minilm-l6-v2.onnx");
        if (url == null) {
            throw new IllegalStateException("all-minilm-l6-v2.onnx is not on the class path");
        }
        String s = url.toString();
        return Path.of(new URL(s.substring("jar:".length(), s.indexOf("!/"))).toURI());
    }

    private static Process startTrainer(Path runner, DevStack stack, Path home, int port) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
                "-Djava.net.preferIPv4Stack=true", "-Dai.djl.offline=true",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + stack.bootstrapServers(),
                "-Dlorastream.s3.endpoint=" + stack.s3Endpoint(),
                "-Dlorastream.s3.access-key=" + stack.accessKey(),
                "-Dlorastream.s3.secret-key=" + stack.secretKey(),
                "-Dlorastream.s3.bucket=" + stack.bucket(),
                "-Dlorastream.home=" + home,
                "-jar", runner.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("trainer.log").toFile());
        builder.environment().put("DJL_CACHE_DIR", Path.of("bench", "target", "djl-cache").toAbsolutePath().toString());
        return builder.start();
    }

    private static void awaitReady(int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("trainer not ready within " + timeout);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Reads the candidates topic and remembers when each task's first candidate was seen. */
    private static final class CandidateWatcher implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, CandidateEvent> seen = new LinkedHashMap<>();
        private final Map<String, Instant> seenAt = new LinkedHashMap<>();

        CandidateWatcher(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ADAPTERS_CANDIDATES, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        CandidateEvent await(String task, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!seen.containsKey(task)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no candidate for " + task + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    CandidateEvent event = ContractJson.fromBytes(record.value(), CandidateEvent.class);
                    seen.putIfAbsent(event.task(), event);
                    seenAt.putIfAbsent(event.task(), Instant.now());
                }
            }
            return seen.get(task);
        }

        Instant seenAt(String task) {
            return seenAt.get(task);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }


    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
