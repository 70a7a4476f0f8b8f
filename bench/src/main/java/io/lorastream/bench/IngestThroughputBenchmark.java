package io.lorastream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sustained ingest throughput: examples per second accepted through HTTP batches of 100 by a real
 * ingest-service process, beside a raw {@link KafkaProducer} writing the same kind of records in the
 * same batches with the same acknowledgement rule (acks=all, idempotent, wait for the batch) on the
 * same devstack broker, in the same run. Writes {@code bench/results/ingest-throughput.json}.
 *
 * <p>Arguments: {@code <ingest-service quarkus-run.jar> [batches per phase] [concurrent clients]}.
 */
public final class IngestThroughputBenchmark {

    private static final int BATCH = 100;
    private static final String TASK = "bench";

    public static void main(String[] args) throws Exception {
        Path runner = Path.of(args.length > 0 ? args[0] : "ingest-service/target/quarkus-app/quarkus-run.jar");
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        if (!Files.exists(runner)) {
            throw new IllegalArgumentException("no ingest-service runner at " + runner + ": run ./mvnw -pl ingest-service -am package -DskipTests");
        }
        Path target = Files.createDirectories(Path.of("bench", "target"));
        Path dataDir = Files.createTempDirectory(target, "devstack-");
        try (DevStack stack = DevStack.builder(dataDir).start()) {
            new IngestThroughputBenchmark().run(stack, runner, batches, clients);
        }
    }

    private void run(DevStack stack, Path runner, int batches, int clients) throws Exception {
        TaskSpec spec = TaskSpec.withDefaults(TASK, List.of("ham", "spam"));
        try (KafkaProducer<String, byte[]> producer = producer(stack.bootstrapServers())) {
            producer.send(new ProducerRecord<>(Topics.TASKS, TASK, ContractJson.toBytes(spec))).get();
        }
        int port = freePort();
        Process service = startService(runner, stack.bootstrapServers(), port);
        try {
            awaitReady(port, Duration.ofSeconds(120));
            System.out.printf("ingest-service ready on port %d; %d batches of %d per phase, %d clients%n",
                    port, batches, BATCH, clients);
            // Warm-up: JIT, producer metadata and connections on both paths.
            measureHttp(port, 30, clients, "warmup");
            measureRaw(stack.bootstrapServers(), 30, clients, "warmup");

            PhaseResult raw = measureRaw(stack.bootstrapServers(), batches, clients, "raw");
            PhaseResult http = measureHttp(port, batches, clients, "http");
            double ratio = http.examplesPerSecond() / raw.examplesPerSecond();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "ingest-throughput");
            result.put("measuredAt", Instant.now().toString());
            result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                    "java", System.getProperty("java.version")));
            result.put("batchSize", BATCH);
            result.put("batchesPerPhase", batches);
            result.put("concurrentClients", clients);
            result.put("rawProducer", raw.toMap());
            result.put("httpIngest", http.toMap());
            result.put("ingestToRawRatio", round(ratio));
            result.put("target", Map.of("ingestToRawRatioAtLeast", 0.70, "met", ratio >= 0.70));
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Path out = Path.of("bench", "results", "ingest-throughput.json");
            Files.createDirectories(out.getParent());
            json.writeValue(out.toFile(), result);
            System.out.println(json.writeValueAsString(result));
            System.out.println("written to " + out);
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The raw baseline: the same Example records, batches of 100, each batch awaited, {@code clients} at once. */
    private PhaseResult measureRaw(String bootstrap, int batches, int clients, String phase) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            return runPhase(batches, clients, batch -> {
                List<Future<?>> acks = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    String text = text(phase, batch, i);
                    Example example = new Example(SchemaVersion.CURRENT, TASK, "raw-" + batch + "-" + i, text, "ham",
                            1.0, "bench", null, sha256(text), Instant.now());
                    String topic = (i % 10 == 0) ? Topics.EXAMPLES_HOLDOUT : Topics.EXAMPLES_TRAIN;
                    acks.add(producer.send(new ProducerRecord<>(topic, TASK, ContractJson.toBytes(example))));
                }
                for (Future<?> ack : acks) {
                    ack.get();
                }
                return BATCH;
            });
        }
    }

    /** The HTTP path: batches of 100 rows posted by {@code clients} concurrent clients. */
    private PhaseResult measureHttp(int port, int batches, int clients, String phase) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/tasks/" + TASK + "/examples");
        ObjectMapper json = new ObjectMapper();
        return runPhase(batches, clients, batch -> {
            StringBuilder body = new StringBuilder(BATCH * 200).append('[');
            for (int i = 0; i < BATCH; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"text\":\"").append(text(phase, batch, i)).append("\",\"label\":\"ham\",\"source\":\"bench\"}");
            }
            body.append(']');
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("batch " + batch + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body()).get("accepted").asInt();
        });
    }

    /** One unit of work: a batch, returning how many examples it got accepted. */
    private interface BatchWork {
        int run(int batch) throws Exception;
    }

    private PhaseResult runPhase(int batches, int clients, BatchWork work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        long[] latencies = new long[batches];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    for (int batch; (batch = next.getAndIncrement()) < batches; ) {
                        long t0 = System.nanoTime();
                        try {
                            accepted.addAndGet(work.run(batch));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        latencies[batch] = System.nanoTime() - t0;
                    }
                }, pool));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        return new PhaseResult(accepted.get(), seconds, percentileMillis(latencies, 0.50),
                percentileMillis(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
    }

    private record PhaseResult(int examples, double seconds, double p50BatchMillis, double p99BatchMillis,
                               double maxBatchMillis) {
        double examplesPerSecond() {
            return examples / seconds;
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("examples", examples);
            map.put("seconds", round(seconds));
            map.put("examplesPerSecond", round(examplesPerSecond()));
            map.put("batchLatencyP50Millis", round(p50BatchMillis));
            map.put("batchLatencyP99Millis", round(p99BatchMillis));
            map.put("batchLatencyMaxMillis", round(maxBatchMillis));
            return map;
        }
    }

    private static double percentileMillis(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    /** About 180 characters of distinct, e-mail-like text per row, so no row is a duplicate. */
    private static String text(String phase, int batch, int row) {
        return "Subject: quarterly report " + phase + " " + batch + "-" + row
                + " Hello team, please find the figures for the last quarter attached and send comments by Friday. Thanks";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process startService(Path runner, String bootstrap, int port) throws IOException {
        Path log = Path.of("bench", "target", "ingest-service.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // Extra JVM flags for the service, e.g. a JFR recording: -Dlorastream.bench.service-java-opts=...
        String extra = System.getProperty("lorastream.bench.service-java-opts", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dlorastream.ingest.feedback.enabled=false",
                "-jar", runner.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        return builder.start();
    }

    private static void awaitReady(int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    // Ready means the catalog is loaded; make sure it has our task.
                    HttpResponse<String> probe = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/v1/tasks/" + TASK + "/examples"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(""))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (probe.statusCode() == 400) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("ingest-service not ready within " + timeout + "; see bench/target/ingest-service.log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
