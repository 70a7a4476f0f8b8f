package io.lorastream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.VersionId;
import io.lorastream.devstack.DevStack;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's serving path, measured on a real registry-service process against its own
 * devstack: champion lookups per second answered 304 (the steady state of a fleet of watching
 * inference services) beside full 200 lookups, and adapter download throughput through the registry
 * (streamed from S3 with the SHA-256 re-hashed on the way) beside a direct S3 GET of the same object
 * (a presigned URL) with the same client code, in alternating rounds of the same run, and how soon a
 * waiting champion long-poll answers after an admin promotion (target: within a second). Writes
 * {@code bench/results/registry.json}.
 *
 * <p>Arguments: {@code <registry-service quarkus-run.jar> [adapter MiB=64] [seconds per lookup round=10]
 * [lookup connections=8]}. Lookups: {@value #LOOKUP_ROUNDS} alternating rounds of 304s and 200s, median
 * round of each; downloads: {@value #DOWNLOAD_ROUNDS} alternating rounds per registry mode, medians;
 * long-poll wake-up: {@value #LONGPOLL_ROUNDS} promotions back and forth between two more versions,
 * p50/p90/max.
 */
public final class RegistryBenchmark {

    private static final String TASK = "bench";
    private static final String READ_TOKEN = "bench-read-token-0123456789";
    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
    private static final String WEIGHTS = "adapter_model.safetensors";
    private static final int DOWNLOAD_ROUNDS = 9;
    private static final int LOOKUP_ROUNDS = 3;
    private static final double TARGET_RATIO = 0.80;
    private static final int LONGPOLL_ROUNDS = 30;
    private static final int LONGPOLL_WAIT_SECONDS = 30;
    private static final int LONGPOLL_ADAPTER_MIB = 1;
    private static final long LONGPOLL_SETTLE_MILLIS = 200;
    private static final double LONGPOLL_TARGET_SECONDS = 1.0;
    private static final String WAITERS_METRIC = "lorastream_registry_longpoll_waiters";

    public static void main(String[] args) throws Exception {
        Path runner = Path.of(args.length > 0 ? args[0] : "registry-service/target/quarkus-app/quarkus-run.jar");
        int adapterMiB = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int lookupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        if (!Files.exists(runner)) {
            throw new IllegalArgumentException("no registry-service runner at " + runner
                    + ": run ./mvnw -pl registry-service -am package -DskipTests");
        }
        String loadBefore = loadAverage();
        try (ScratchDir dataDir = ScratchDir.create("devstack-registry-");
             DevStack stack = DevStack.builder(dataDir.path()).start()) {
            new RegistryBenchmark().run(stack, runner, dataDir.path(), adapterMiB, lookupSeconds, connections, loadBefore);
        }
    }

    private void run(DevStack stack, Path runner, Path dataDir, int adapterMiB, int lookupSeconds, int connections,
                     String loadBefore) throws Exception {
        ObjectStore objects = ObjectStore.connect(new S3Settings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), null), Duration.ofSeconds(5));
        String version = VersionId.of(Instant.parse("2026-12-01T00:00:00Z"), "bench");
        seedChampion(stack, objects, version, adapterMiB);

        String key = ObjectLayout.adapterPrefix(TASK, version) + WEIGHTS;
        URI presigned = URI.create(objects.presignedGet(key, Duration.ofHours(1)));
        String directPath = presigned.getRawPath() + "?" + presigned.getRawQuery();
        String filePath = "/v1/tasks/" + TASK + "/versions/" + version + "/files/" + WEIGHTS;
        long size = (long) adapterMiB * 1024 * 1024;

        // The default registry: lookups, then downloads served from its verified file cache.
        LookupResult notModified;
        LookupResult full;
        DownloadRounds cached;
        LongPollRounds wakeUp;
        int port = freePort();
        Process service = startService(runner, stack, dataDir, port, true);
        try {
            awaitChampion(port, version, Duration.ofSeconds(180));
            System.out.printf("registry ready on port %d with champion %s (%d MiB adapter)%n", port, version, adapterMiB);
            String championPath = "/v1/tasks/" + TASK + "/champion";
            String etag = "\"" + version + "\"";
            // Warm-up until the JIT has compiled both paths (a first round at a quarter of the steady rate showed it).
            for (int warmup = 0; warmup < 2; warmup++) {
                measureLookups(port, championPath, etag, connections, lookupSeconds, 304);
                measureLookups(port, championPath, null, connections, lookupSeconds, 200);
            }
            // Alternating rounds, so that the shared machine's drift hits both kinds alike; medians count.
            List<LookupResult> notModifiedRounds = new ArrayList<>();
            List<LookupResult> fullRounds = new ArrayList<>();
            for (int round = 1; round <= LOOKUP_ROUNDS; round++) {
                notModifiedRounds.add(measureLookups(port, championPath, etag, connections, lookupSeconds, 304));
                fullRounds.add(measureLookups(port, championPath, null, connections, lookupSeconds, 200));
                System.out.printf("lookup round %d: %.0f/s answered 304, %.0f/s answered 200%n", round,
                        notModifiedRounds.get(round - 1).perSecond(), fullRounds.get(round - 1).perSecond());
            }
            notModified = medianByRate(notModifiedRounds);
            full = medianByRate(fullRounds);
            cached = downloadRounds("cache", port, filePath, presigned.getPort(), directPath, objects, key, size);
            // Last, because it seeds two more versions and changes the champion.
            wakeUp = measureLongPollWakeUp(stack, objects, port, version);
        } finally {
            service.destroy();
            service.waitFor();
        }
        // The same with the cache off: every download streamed from S3 and re-hashed on the way.
        DownloadRounds streamed;
        port = freePort();
        service = startService(runner, stack, dataDir, port, false);
        try {
            awaitChampion(port, wakeUp.finalChampion(), Duration.ofSeconds(180));
            streamed = downloadRounds("stream", port, filePath, presigned.getPort(), directPath, objects, key, size);
        } finally {
            service.destroy();
            service.waitFor();
        }

        double ratio = cached.registryMedian() / cached.directMedian();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "registry");
        result.put("measuredAt", Instant.now().toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("loadAverageBefore", loadBefore);
        machine.put("loadAverageAfter", loadAverage());
        machine.put("note", "registry, S3Proxy, Kafka and the load generator share the machine's cores with other sessions");
        result.put("machine", machine);
        Map<String, Object> lookups = new LinkedHashMap<>();
        lookups.put("connections", connections);
        lookups.put("secondsPerRound", lookupSeconds);
        lookups.put("rounds", LOOKUP_ROUNDS);
        lookups.put("notModified304", notModified.toMap());
        lookups.put("full200", full.toMap());
        result.put("championLookups", lookups);
        Map<String, Object> downloads = new LinkedHashMap<>();
        downloads.put("adapterBytes", size);
        downloads.put("rounds", DOWNLOAD_ROUNDS);
        downloads.put("verifiedFileCache", cached.toMap());
        downloads.put("streamedFromS3", streamed.toMap());
        downloads.put("registryToDirectRatio", round(ratio));
        downloads.put("streamedToDirectRatio", round(streamed.registryMedian() / streamed.directMedian()));
        result.put("adapterDownload", downloads);
        result.put("longPollWakeUp", wakeUp.toMap());
        result.put("target", Map.of("registryToDirectRatioAtLeast", TARGET_RATIO, "met", ratio >= TARGET_RATIO));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path out = Path.of("bench", "results", "registry.json");
        Files.createDirectories(out.getParent());
        json.writeValue(out.toFile(), result);
        System.out.println(json.writeValueAsString(result));
        System.out.println("written to " + out);
    }

    /** Download rounds of one registry mode, each beside a direct S3 GET and a read by the S3 client alone. */
    private static DownloadRounds downloadRounds(String mode, int port, String filePath, int s3Port, String directPath,
                                                 ObjectStore objects, String key, long size) throws IOException {
        // One unmeasured download each: fills the registry's cache, warms connections and JIT.
        download(port, filePath, READ_TOKEN, size);
        download(s3Port, directPath, null, size);
        List<Double> direct = new ArrayList<>();
        List<Double> viaRegistry = new ArrayList<>();
        List<Double> s3Client = new ArrayList<>();
        for (int round = 1; round <= DOWNLOAD_ROUNDS; round++) {
            direct.add(download(s3Port, directPath, null, size));
            viaRegistry.add(download(port, filePath, READ_TOKEN, size));
            s3Client.add(readWithS3Client(objects, key, size));
            System.out.printf("%s round %d: direct S3 %.0f MiB/s, registry %.0f MiB/s, S3 client alone %.0f MiB/s%n",
                    mode, round, direct.get(round - 1), viaRegistry.get(round - 1), s3Client.get(round - 1));
        }
        return new DownloadRounds(direct, viaRegistry, s3Client);
    }

    private record DownloadRounds(List<Double> direct, List<Double> registry, List<Double> s3Client) {
        double directMedian() {
            return median(direct);
        }

        double registryMedian() {
            return median(registry);
        }

        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("directS3MiBPerSecondByRound", direct.stream().map(RegistryBenchmark::round).toList());
            out.put("registryMiBPerSecondByRound", registry.stream().map(RegistryBenchmark::round).toList());
            out.put("s3ClientAloneMiBPerSecondByRound", s3Client.stream().map(RegistryBenchmark::round).toList());
            out.put("directS3MiBPerSecondMedian", round(directMedian()));
            out.put("registryMiBPerSecondMedian", round(registryMedian()));
            out.put("s3ClientAloneMiBPerSecondMedian", round(median(s3Client)));
            out.put("registryToDirectRatio", round(registryMedian() / directMedian()));
            return out;
        }
    }

    /** A task, a candidate with an adapter of the given size, and an approval: the registry makes it champion. */
    private static void seedChampion(DevStack stack, ObjectStore objects, String version, int adapterMiB) throws Exception {
        seedApprovedVersion(stack, objects, version, null, adapterMiB);
    }

    /**
     * A candidate with an adapter of the given size and its approval judged against {@code champion}
     * (null: the first one, and the task is written too): the registry promotes its files and makes it
     * champion, as it does with the evaluator's approvals.
     */
    private static void seedApprovedVersion(DevStack stack, ObjectStore objects, String version, String champion,
                                            int adapterMiB) throws Exception {
        Map<String, String> files;
        try (ScratchDir adapter = ScratchDir.create("adapter-")) {
            Path dir = adapter.path();
            Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\":\"LORA\",\"r\":8}");
            Files.writeString(dir.resolve("training.json"), "{\"benchmark\":true}");
            byte[] chunk = new byte[1024 * 1024];
            Random random = new Random(42);
            try (OutputStream out = Files.newOutputStream(dir.resolve(WEIGHTS))) {
                for (int i = 0; i < adapterMiB; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            files = new AdapterStore(objects).putCandidate(TASK, version, dir);
        }
        CandidateEvent candidate = new CandidateEvent(SchemaVersion.CURRENT, TASK, version, TaskSpec.DEFAULT_BASE_MODEL,
                "0".repeat(64), ObjectLayout.candidatePrefix(TASK, version), files,
                List.of(new OffsetRange(Topics.EXAMPLES_TRAIN, 0, 0, 199)), 200, null, 0.3, Instant.now());
        DecisionEvent decision = new DecisionEvent(SchemaVersion.CURRENT, TASK, version, champion, true,
                List.of(new CheckResult("quality_floor", 0.9, 0.6, true, null)), Map.of("holdout.macro_f1", 0.9),
                Map.of(), Map.of("holdout", 100), 10, Instant.now());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            if (champion == null) {
                producer.send(new ProducerRecord<>(Topics.TASKS, TASK,
                        ContractJson.toBytes(TaskSpec.withDefaults(TASK, List.of("ham", "spam"))))).get();
            }
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_CANDIDATES, TASK, ContractJson.toBytes(candidate))).get();
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_DECISIONS, TASK, ContractJson.toBytes(decision))).get();
        }
    }

    // ---------------------------------------------------------------------------------------- lookups

    /**
     * Lookups on keep-alive connections, one thread each, for {@code seconds}.
     *
     * @param ifNoneMatch the entity tag to send, or null for full answers
     */
    private static LookupResult measureLookups(int port, String path, String ifNoneMatch, int connections, int seconds,
                                               int expectedStatus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            workers.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                try (RawHttpConnection connection = new RawHttpConnection(port)) {
                    byte[] request = connection.get(path, READ_TOKEN, ifNoneMatch == null ? null : "If-None-Match: " + ifNoneMatch);
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        int status = connection.exchange(request, OutputStream.nullOutputStream());
                        latencies.add(System.nanoTime() - t0);
                        if (status != expectedStatus) {
                            throw new IllegalStateException("lookup answered " + status + ", expected " + expectedStatus);
                        }
                    }
                }
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        List<Long> all = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            for (long latency : worker.get()) {
                all.add(latency);
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LookupResult(sorted.length, sorted.length / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static LookupResult medianByRate(List<LookupResult> rounds) {
        List<LookupResult> sorted = new ArrayList<>(rounds);
        sorted.sort(java.util.Comparator.comparingDouble(LookupResult::perSecond));
        return sorted.get(sorted.size() / 2);
    }

    private record LookupResult(long requests, double perSecond, double p50Micros, double p99Micros) {
        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("requests", requests);
            out.put("perSecond", round(perSecond));
            out.put("latencyP50Micros", round(p50Micros));
            out.put("latencyP99Micros", round(p99Micros));
            return out;
        }
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.floor(p * sortedNanos.length))] / 1000.0;
    }

    // ---------------------------------------------------------------------------------------- long-poll wake-up

    /**
     * How soon a waiting long-poll answers after a promotion. Seeds two more approved versions (small
     * adapters: a promotion re-verifies the version's files in S3, which lengthens the POST, not the
     * wake-up), then {@value #LONGPOLL_ROUNDS} rounds of: {@code GET …/champion?wait=30s} with
     * {@code If-None-Match} of the champion on its own connection, held until the registry's
     * {@value #WAITERS_METRIC} gauge counts it (or a short settle if it never does), then an admin
     * {@code POST …/champion} of the other version; the long-poll's answer is timed from the POST's
     * response and from its request's start.
     *
     * @param champion the champion when the phase starts
     */
    private static LongPollRounds measureLongPollWakeUp(DevStack stack, ObjectStore objects, int port, String champion)
            throws Exception {
        String loadBefore = loadAverage();
        String first = VersionId.of(Instant.parse("2026-12-01T00:01:00Z"), "bench");
        String second = VersionId.of(Instant.parse("2026-12-01T00:02:00Z"), "bench");
        seedApprovedVersion(stack, objects, first, champion, LONGPOLL_ADAPTER_MIB);
        awaitChampion(port, first, Duration.ofSeconds(120));
        seedApprovedVersion(stack, objects, second, first, LONGPOLL_ADAPTER_MIB);
        awaitChampion(port, second, Duration.ofSeconds(120));
        System.out.printf("long-poll phase: versions %s and %s approved, %s is champion%n", first, second, second);

        String championPath = "/v1/tasks/" + TASK + "/champion";
        HttpClient metricsClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService poller = Executors.newSingleThreadExecutor();
        List<LongPollRound> rounds = new ArrayList<>();
        String current = second;
        try (RawHttpConnection admin = new RawHttpConnection(port)) {
            for (int round = 1; round <= LONGPOLL_ROUNDS; round++) {
                String next = current.equals(first) ? second : first;
                String known = current;
                double waitersBefore = longPollWaiters(metricsClient, port);
                Future<TimedAnswer> answer = poller.submit(() -> longPoll(port,
                        championPath + "?wait=" + LONGPOLL_WAIT_SECONDS + "s", known));
                boolean counted = awaitWaiters(metricsClient, port, waitersBefore + 1, Duration.ofSeconds(5));
                if (!counted) {
                    Thread.sleep(LONGPOLL_SETTLE_MILLIS);
                }
                byte[] body = ("{\"version\":\"" + next + "\",\"reason\":\"bench long-poll round " + round + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream promotion = new ByteArrayOutputStream();
                long started = System.nanoTime();
                int status = admin.exchange(admin.post(championPath, ADMIN_TOKEN, body), promotion);
                long responded = System.nanoTime();
                if (status != 200) {
                    throw new IllegalStateException("promotion of " + next + " answered " + status + ": " + promotion);
                }
                TimedAnswer polled = answer.get(LONGPOLL_WAIT_SECONDS + 15, TimeUnit.SECONDS);
                boolean onPromotion = polled.status() == 200 && next.equals(polled.version());
                LongPollRound measured = new LongPollRound(counted, onPromotion, (polled.answeredAt() - responded) / 1e6,
                        (polled.answeredAt() - started) / 1e6, (responded - started) / 1e6);
                rounds.add(measured);
                System.out.printf("long-poll round %d: %s -> %s, answered %d %.1f ms after the promotion's response "
                                + "(%.1f ms after its request; POST took %.1f ms; waiter %s)%n", round, current, next,
                        polled.status(), measured.fromResponseMillis(), measured.fromRequestStartMillis(),
                        measured.promotionMillis(), counted ? "counted" : "not counted, settled");
                current = next;
            }
        } finally {
            poller.shutdownNow();
        }
        return new LongPollRounds(rounds, current, loadBefore, loadAverage());
    }

    /** A long-poll's answer: status, the version it names (null for a 304) and when it was read in full. */
    private record TimedAnswer(int status, String version, long answeredAt) {
    }

    /** One long-poll naming {@code known}, on a connection of its own. */
    private static TimedAnswer longPoll(int port, String pathAndQuery, String known) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int status = connection.exchange(connection.get(pathAndQuery, READ_TOKEN, "If-None-Match: \"" + known + "\""),
                    body);
            long answeredAt = System.nanoTime();
            String version = status == 200
                    ? new ObjectMapper().readTree(body.toByteArray()).path("version").asText(null) : null;
            return new TimedAnswer(status, version, answeredAt);
        }
    }

    /** Polls the registry's waiter gauge until it reaches {@code atLeast}; false when it did not within {@code timeout}. */
    private static boolean awaitWaiters(HttpClient client, int port, double atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (longPollWaiters(client, port) >= atLeast) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The {@value #WAITERS_METRIC} gauge from {@code /q/metrics} (0 when it is not exported yet). */
    private static double longPollWaiters(HttpClient client, int port) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/q/metrics answered " + response.statusCode());
        }
        for (String line : response.body().split("\n")) {
            if (line.startsWith(WAITERS_METRIC) && line.length() > WAITERS_METRIC.length()
                    && (line.charAt(WAITERS_METRIC.length()) == ' ' || line.charAt(WAITERS_METRIC.length()) == '{')) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /**
     * One round; times in milliseconds. {@code fromResponseMillis} is negative when the long-poll was
     * answered before the promotion's response was read (the registry wakes waiters as soon as its
     * view applies the change, which the POST waits for before it answers).
     */
    private record LongPollRound(boolean waiterCounted, boolean answeredOnPromotion, double fromResponseMillis,
                                 double fromRequestStartMillis, double promotionMillis) {
    }

    private record LongPollRounds(List<LongPollRound> rounds, String finalChampion, String loadBefore, String loadAfter) {
        Map<String, Object> toMap() {
            List<Double> fromResponse = rounds.stream().map(LongPollRound::fromResponseMillis).toList();
            List<Double> fromStart = rounds.stream().map(LongPollRound::fromRequestStartMillis).toList();
            List<Double> promotion = rounds.stream().map(LongPollRound::promotionMillis).toList();
            double targetMillis = LONGPOLL_TARGET_SECONDS * 1000;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rounds", rounds.size());
            out.put("waitAskedSeconds", LONGPOLL_WAIT_SECONDS);
            out.put("adapterBytesPerVersion", LONGPOLL_ADAPTER_MIB * 1024L * 1024L);
            out.put("roundsWithWaiterCountedBeforePromotion", rounds.stream().filter(LongPollRound::waiterCounted).count());
            out.put("roundsAnsweredOnPromotion", rounds.stream().filter(LongPollRound::answeredOnPromotion).count());
            out.put("fromPromotionResponseMillis", spread(fromResponse));
            out.put("fromPromotionRequestStartMillis", spread(fromStart));
            out.put("promotionRequestMillis", spread(promotion));
            out.put("fromPromotionResponseMillisByRound", fromResponse.stream().map(RegistryBenchmark::round).toList());
            out.put("fromPromotionRequestStartMillisByRound", fromStart.stream().map(RegistryBenchmark::round).toList());
            out.put("loadAverageBefore", loadBefore);
            out.put("loadAverageAfter", loadAfter);
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("answerWithinSeconds", LONGPOLL_TARGET_SECONDS);
            target.put("metFromResponse", rounds.stream().allMatch(LongPollRound::answeredOnPromotion)
                    && max(fromResponse) < targetMillis);
            target.put("metFromRequestStart", rounds.stream().allMatch(LongPollRound::answeredOnPromotion)
                    && max(fromStart) < targetMillis);
            out.put("target", target);
            return out;
        }

        private static Map<String, Object> spread(List<Double> millis) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("p50", round(percentileOf(millis, 0.50)));
            out.put("p90", round(percentileOf(millis, 0.90)));
            out.put("max", round(max(millis)));
            return out;
        }

        private static double max(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /** The same nearest-rank rule as {@link #percentile}, on signed values. */
    private static double percentileOf(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    // ---------------------------------------------------------------------------------------- downloads

    /** One whole download on a fresh connection; returns MiB/s. Both paths use exactly this code. */
    private static double download(int port, String pathAndQuery, String token, long expectedBytes) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            CountingSink sink = new CountingSink();
            long t0 = System.nanoTime();
            int status = connection.exchange(connection.get(pathAndQuery, token, null), sink);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (status != 200 || sink.count != expectedBytes) {
                throw new IllegalStateException("download of " + pathAndQuery + " answered " + status + " with "
                        + sink.count + " bytes, expected 200 with " + expectedBytes);
            }
            return expectedBytes / 1024.0 / 1024.0 / seconds;
        }
    }

    /**
     * The registry's first half alone: the same S3 client (MinIO's, through {@link ObjectStore}) reading
     * the object in this JVM, to show how much of the registry's time is the S3 read itself.
     */
    private static double readWithS3Client(ObjectStore objects, String key, long expectedBytes) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long count = 0;
        long t0 = System.nanoTime();
        try (InputStream in = objects.open(key, 0, -1)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                count += n;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (count != expectedBytes) {
            throw new IllegalStateException("read " + count + " bytes of " + key + ", expected " + expectedBytes);
        }
        return expectedBytes / 1024.0 / 1024.0 / seconds;
    }

    /** Discards what it is given, counting the bytes. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /**
     * One persistent HTTP/1.1 connection that sends ready-made GETs and reads Content-Length
     * responses, with blocking socket calls and nothing else (no selector hand-offs), so that the
     * load generator costs as little CPU as possible on the shared cores.
     */
    private static final class RawHttpConnection implements Closeable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final int port;
        private final byte[] buffer = new byte[256 * 1024];

        RawHttpConnection(int port) throws IOException {
            this.port = port;
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setReceiveBufferSize(1024 * 1024);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
        }

        byte[] get(String pathAndQuery, String token, String extraHeader) {
            StringBuilder request = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port).append("\r\n");
            if (token != null) {
                request.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (extraHeader != null) {
                request.append(extraHeader).append("\r\n");
            }
            return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        }

        byte[] post(String path, String token, byte[] body) {
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            return request;
        }

        /** Sends the request and copies the response body to {@code body}; returns the status. */
        int exchange(byte[] request, OutputStream body) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = readLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
            }
            int status = Integer.parseInt(parts[1]);
            long length = status == 304 ? 0 : -1;
            for (String header; !(header = readLine()).isEmpty(); ) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring("content-length:".length()).trim());
                } else if (lower.startsWith("transfer-encoding:")) {
                    throw new IOException("chunked responses are not supported by this load generator: " + header);
                }
            }
            if (length < 0) {
                throw new IOException("response " + status + " has no Content-Length");
            }
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("connection closed with " + left + " bytes of the body missing");
                }
                body.write(buffer, 0, n);
                left -= n;
            }
            return status;
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ---------------------------------------------------------------------------------------- process

    private static Process startService(Path runner, DevStack stack, Path dataDir, int port, boolean cache)
            throws IOException {
        Path log = Path.of("bench", "target", "registry-service-" + (cache ? "cache" : "stream") + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        String extra = System.getProperty("lorastream.bench.service-java-opts", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + stack.bootstrapServers(),
                "-Dlorastream.s3.endpoint=" + stack.s3Endpoint(),
                "-Dlorastream.home=" + dataDir.toAbsolutePath(),
                "-Dlorastream.registry.serving.cache-enabled=" + cache,
                "-jar", runner.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Tokens and S3 credentials through the environment, never on the command line.
        builder.environment().put("LORASTREAM_REGISTRY_AUTH_READ_TOKENS", "bench-reader:" + READ_TOKEN);
        builder.environment().put("LORASTREAM_REGISTRY_AUTH_ADMIN_TOKENS", "bench-admin:" + ADMIN_TOKEN);
        builder.environment().put("LORASTREAM_REGISTRY_S3_ACCESS_KEY", stack.accessKey());
        builder.environment().put("LORASTREAM_REGISTRY_S3_SECRET_KEY", stack.secretKey());
        return builder.start();
    }

    private static void awaitChampion(int port, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (RawHttpConnection connection = new RawHttpConnection(port)) {
                int status = connection.exchange(connection.get("/v1/tasks/" + TASK + "/champion", READ_TOKEN,
                        "If-None-Match: \"" + version + "\""), OutputStream.nullOutputStream());
                if (status == 304) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the registry did not serve champion " + version + " within " + timeout
                + "; see bench/target/registry-service.log");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
