package io.lorastream.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.LoopbackPorts;
import io.lorastream.lora.testing.TinyBert;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local system as {@code ./lorastream up} runs it, on free loopback ports with data under
 * {@code target/system-<n>/}: the devstack (Kafka and S3) in this JVM and the four packaged services each in
 * its own process, configured like the launcher's {@code service_env} (S3 and tokens in the environment),
 * with short retry and session timeouts so that an outage or a kill is noticed within seconds. The
 * registry reaches S3 through a {@link CuttableLink} so that a test can take S3 away from it alone. The base
 * model is {@link TinyBert}, so that a training job takes seconds.
 */
final class RunningSystem implements AutoCloseable {

    /** The tiny model's id in {@code models/}. */
    static final String BASE_MODEL = "tiny-bert";
    /** Bounds a service's start (first start unpacks libtorch) on a loaded two-core machine. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path dataDir;
    private final DevStack stack;
    private final CuttableLink registryS3;
    private final ObjectStore objects;
    private final AdapterStore store;
    private final TopicReader topics;
    private final ApiClient api = new ApiClient();
    private final java.util.Set<Integer> handedOut = new java.util.HashSet<>();
    private final String adminToken = randomToken();
    private final String readToken = randomToken();
    private final String producerToken = randomToken();
    private final ServiceProcess ingest;
    private final ServiceProcess trainer;
    private final ServiceProcess evaluator;
    private final ServiceProcess registry;

    private RunningSystem(Path dataDir) {
        this.dataDir = dataDir;
        this.stack = DevStack.builder(dataDir.resolve("devstack")).start();
        this.registryS3 = new CuttableLink(freePort(), stack.s3Port());
        registryS3.restore();
        this.objects = ObjectStore.connect(new S3Settings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), null), Duration.ofSeconds(2));
        this.store = new AdapterStore(objects);
        this.topics = new TopicReader(stack.bootstrapServers());
        store.putModel(BASE_MODEL, TinyBert.dir());
        Path repo = Path.of(System.getProperty("lorastream.system-tests.repo", "..")).toAbsolutePath().normalize();
        this.ingest = service(repo, "ingest-service", List.of("-Xmx512m"), Map.of(
                // An outage answers 503 within seconds instead of holding the request for the 30 s default.
                "lorastream.ingest.kafka.delivery-timeout", "4s",
                "lorastream.ingest.kafka.max-block", "2s",
                "lorastream.ingest.kafka.retry-after-seconds", "1"),
                Map.of("LORASTREAM_INGEST_AUTH_TOKENS", producerToken), stack.s3Endpoint());
        this.trainer = service(repo, "trainer-service", mlJvm(), Map.of(
                "lorastream.trainer.retry.initial-backoff", "200ms",
                "lorastream.trainer.retry.max-backoff", "1s",
                "lorastream.trainer.jobs.intra-op-threads", "1",
                "lorastream.trainer.jobs.inter-op-threads", "1"),
                Map.of("LORASTREAM_TRAINER_AUTH_ADMIN_TOKENS", adminToken), stack.s3Endpoint());
        this.evaluator = service(repo, "evaluator-service", mlJvm(), Map.ofEntries(
                Map.entry("lorastream.evaluator.retry.initial-backoff", "200ms"),
                Map.entry("lorastream.evaluator.retry.max-backoff", "1s"),
                Map.entry("lorastream.evaluator.kafka.delivery-timeout", "5s"),
                Map.entry("lorastream.evaluator.kafka.max-block", "3s"),
                Map.entry("lorastream.evaluator.sets.window-size", "100"),
                Map.entry("lorastream.evaluator.sets.checkpoint-interval", "2s"),
                // Windows of 20 leave a handful of held-out examples each; the tiny random model may answer
                // one class: the faults under test are about bookkeeping, not about quality.
                Map.entry("lorastream.evaluator.gate.min-holdout-items", "5"),
                Map.entry("lorastream.evaluator.gate.max-predicted-share", "1.0"),
                Map.entry("lorastream.evaluator.inference.device", "cpu"),
                Map.entry("lorastream.evaluator.inference.threads", "1")),
                Map.of("LORASTREAM_EVALUATOR_AUTH_ADMIN_TOKENS", adminToken), stack.s3Endpoint());
        this.registry = service(repo, "registry-service", List.of("-Xmx512m"), Map.of(
                "lorastream.registry.kafka.delivery-timeout", "4s",
                "lorastream.registry.kafka.max-block", "2s",
                "lorastream.registry.promotion.retry-backoff", "500ms",
                "lorastream.registry.s3.listing-cache-ttl", "200ms"),
                Map.of("LORASTREAM_REGISTRY_AUTH_ADMIN_TOKENS", "faults-admin:" + adminToken,
                        "LORASTREAM_REGISTRY_AUTH_READ_TOKENS", "faults-read:" + readToken),
                "http://127.0.0.1:" + registryS3.port());
    }

    /** Starts the stack and the four services and waits until every one is ready. */
    static RunningSystem start(Path dataDir) {
        RunningSystem system = new RunningSystem(dataDir);
        try {
            system.services().forEach(ServiceProcess::start);
            system.awaitAllReady(START_TIMEOUT);
            return system;
        } catch (RuntimeException | Error e) {
            system.close();
            throw e;
        }
    }

    /** The trainer's and evaluator's JVM: models live in native memory; one thread each on a shared 2-core machine. */
    private static List<String> mlJvm() {
        return List.of("-Xmx768m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1");
    }

    private ServiceProcess service(Path repo, String name, List<String> jvm, Map<String, String> own,
                                   Map<String, String> secrets, String s3Endpoint) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("java.net.preferIPv4Stack", "true");
        properties.put("kafka.bootstrap.servers", stack.bootstrapServers());
        properties.put("lorastream.home", dataDir.resolve(name).toString());
        properties.put("quarkus.log.category.\"org.apache.kafka\".level", "ERROR");
        // A SIGKILLed group member is noticed after the session timeout: keep a restart's rebalance short.
        String prefix = "lorastream." + name.substring(0, name.indexOf('-')) + ".kafka.client-properties.";
        properties.put(prefix + "\"session.timeout.ms\"", "6000");
        properties.put(prefix + "\"heartbeat.interval.ms\"", "1000");
        properties.putAll(own);
        Map<String, String> environment = new LinkedHashMap<>(secrets);
        environment.put("LORASTREAM_S3_ENDPOINT", s3Endpoint);
        environment.put("LORASTREAM_S3_ACCESS_KEY", stack.accessKey());
        environment.put("LORASTREAM_S3_SECRET_KEY", stack.secretKey());
        environment.put("LORASTREAM_S3_BUCKET", stack.bucket());
        environment.put("DJL_CACHE_DIR", dataDir.getParent().resolve("djl-cache").toString());
        environment.put("ENGINE_CACHE_DIR", dataDir.getParent().resolve("djl-cache").toString());
        return new ServiceProcess(name, repo.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"),
                freePort(), dataDir.resolve(name), jvm, properties, environment);
    }

    /** A free port not handed out before: the OS may return one port twice while nothing listens on it yet. */
    private int freePort() {
        int port;
        do {
            port = LoopbackPorts.freePort();
        } while (port == stack.kafkaPort() || port == stack.s3Port() || !handedOut.add(port));
        return port;
    }

    Stream<ServiceProcess> services() {
        return Stream.of(ingest, trainer, evaluator, registry);
    }

    /** Waits for every service's readiness; e.g. after an outage, before the next scenario relies on them. */
    void awaitAllReady(Duration timeout) {
        services().forEach(s -> s.awaitReady(timeout));
    }

    DevStack stack() {
        return stack;
    }

    ServiceProcess ingest() {
        return ingest;
    }

    ServiceProcess trainer() {
        return trainer;
    }

    ServiceProcess evaluator() {
        return evaluator;
    }

    ServiceProcess registry() {
        return registry;
    }

    /** The registry's only way to S3. */
    CuttableLink registryS3() {
        return registryS3;
    }

    ObjectStore objects() {
        return objects;
    }

    AdapterStore store() {
        return store;
    }

    TopicReader topics() {
        return topics;
    }

    /** Creates the task through the registry's API (admin token), as an operator would. */
    void putTask(TaskSpec spec) {
        ApiClient.Answer answer = Await.until("the registry to accept task " + spec.task(), Duration.ofSeconds(60),
                () -> api.put(registry.url().resolve("/v1/tasks/" + spec.task()), adminToken,
                        new String(ContractJson.toBytes(spec), java.nio.charset.StandardCharsets.UTF_8)),
                ApiClient.Answer::ok);
        if (answer.status() != 201 && answer.status() != 200) {
            throw new AssertionError("PUT task " + spec.task() + ": " + answer);
        }
    }

    /** {@code POST /v1/tasks/{task}/examples} on ingest, a JSON array body. */
    ApiClient.Answer postExamples(String task, String jsonArray) {
        return api.post(ingest.url().resolve("/v1/tasks/" + task + "/examples"), producerToken, jsonArray);
    }

    /** The trainer's view of a task ({@code GET /v1/tasks/{task}}), or null while it does not answer 200. */
    JsonNode trainerTask(String task) {
        ApiClient.Answer answer = api.get(trainer.url().resolve("/v1/tasks/" + task), null);
        return answer.status() == 200 ? answer.json() : null;
    }

    /** The registry's champion answer for a task (read token). */
    ApiClient.Answer champion(String task) {
        return api.get(registry.url().resolve("/v1/tasks/" + task + "/champion"), readToken);
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        services().forEach(ServiceProcess::close);
        registryS3.close();
        stack.close();
    }
}
