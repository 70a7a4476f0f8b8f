package io.lorastream.evaluator.it;

import static io.lorastream.evaluator.it.EvaluatorTestKit.announce;
import static io.lorastream.evaluator.it.EvaluatorTestKit.awaitDecision;
import static io.lorastream.evaluator.it.EvaluatorTestKit.describe;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.devstack.InjectDevStack;
import io.lorastream.evaluator.testing.TinyAdapters;
import io.lorastream.lora.peft.PeftFormat;
import io.lorastream.lora.safetensors.SafetensorsReader;
import io.lorastream.lora.safetensors.SafetensorsWriter;
import io.lorastream.servicekit.testing.HostileProbe;
import io.lorastream.servicekit.testing.LogCapture;
import io.lorastream.servicekit.testing.OpenApiEndpoints;
import io.lorastream.servicekit.testing.OpenApiEndpoints.Endpoint;
import io.lorastream.store.Sha256;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against the running evaluator on the devstack: every write of its OpenAPI document refuses a missing,
 * wrong or forged token with 401; every path parameter refuses the shared traversal and key-injection corpus; a
 * candidate pointing at another task's files, outside the candidates folder or at a traversing file name is rejected
 * naming the rule; adapters with NaN or infinite weights, a wrong shape, or a safetensors header bomb are rejected with
 * the reason; after all of them a good candidate is still approved; neither the admin token, a presented token nor the
 * S3 secret reaches the log or the metrics.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class HostileInputTest {

    private static final String TASK = TopicsScenario.TASK;
    private static final String BASE = TopicsScenario.TINY_BERT;
    private static final String ADMIN_TOKEN = "test-evaluator-admin-token";

    @TestHTTPResource("/")
    URI base;

    @InjectDevStack
    DevStack devStack;

    private List<Endpoint> endpoints() {
        Map<String, Object> paths = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Endpoint> endpoints = OpenApiEndpoints.of(paths);
        // Guards against an empty or unreadable document passing every loop below vacuously.
        assertThat(endpoints).extracting(Endpoint::toString)
                .contains("PUT /v1/tasks/{task}/golden-set", "GET /v1/tasks/{task}/decisions/{version}");
        return endpoints;
    }

    private static final Map<String, String> VALID = Map.of("task", TASK, "version", "v20260101T000000Z-hostile");
    private static final byte[] GOLDEN = "{\"text\":\"match report\",\"label\":\"sport\"}\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyWriteRefusesAMissingWrongOrForgedTokenWith401AndChangesNothing() {
        TopicsScenario.ensure();
        String before = given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200).extract().asString();
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints.stream().filter(Endpoint::changesState)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(new HostileProbe(base).unauthenticatedWrites(endpoints, VALID, ADMIN_TOKEN, "application/x-ndjson", GOLDEN))
                .isEmpty();
        assertThat(given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200).extract().asString())
                .as("refused writes leave the golden set as it was").isEqualTo(before);
    }

    @Test
    void hostileSegmentsInEveryPathParameterAreRefusedNamingTheParameter() {
        TopicsScenario.ensure();
        String before = given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200).extract().asString();
        List<Endpoint> endpoints = endpoints();
        assertThat(new HostileProbe(base).hostilePathParameters(endpoints, VALID, "Bearer " + ADMIN_TOKEN,
                "application/x-ndjson", GOLDEN)).isEmpty();
        // Nothing was written or deleted anywhere: the golden set is intact and the service still answers.
        assertThat(given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200).extract().asString()).isEqualTo(before);
        given().get("/v1/tasks/{task}/evaluation-sets", TASK).then().statusCode(200);
    }

    @Test
    void hostileGoldenSetsAreRefusedNamingTheRule() {
        TopicsScenario.ensure();
        String before = given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200).extract().asString();
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        byte[] invalidUtf8 = "{\"text\":\"xx\",\"label\":\"sport\"}\n".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[10] = (byte) 0xC3;
        invalidUtf8[11] = (byte) 0x28;
        List<byte[]> bodies = List.of(deep.getBytes(StandardCharsets.US_ASCII),
                ("{\"text\":\"a\",\"label\":\"sport\",\"x\":" + deep + "}\n").getBytes(StandardCharsets.US_ASCII),
                invalidUtf8,
                "{\"text\":\"a\",\"label\":\"sport\"}\n{\"text\":\"broken\",\n".getBytes(StandardCharsets.UTF_8),
                "{\"text\":5,\"label\":\"sport\"}\n".getBytes(StandardCharsets.UTF_8),
                "{\"text\":\"a\",\"label\":\"sport\",\"weight\":1e999999}\n".getBytes(StandardCharsets.UTF_8),
                ("{\"text\":\"" + "x".repeat(20 << 20) + "\",\"label\":\"sport\"}\n").getBytes(StandardCharsets.UTF_8));
        HostileProbe probe = new HostileProbe(base);
        for (byte[] body : bodies) {
            HostileProbe.Reply reply = probe.send("PUT", "/v1/tasks/" + TASK + "/golden-set", "Bearer " + ADMIN_TOKEN,
                    "application/x-ndjson", body);
            assertThat(reply.status()).as(HostileProbe.abbreviated(new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8))
                    + " -> " + HostileProbe.abbreviated(reply.body())).isIn(400, 413);
            assertThat(reply.body()).contains("\"rule\":\"");
        }
        assertThat(given().get("/v1/tasks/{task}/golden-set", TASK).then().statusCode(200).extract().asString()).isEqualTo(before);
    }

    /** An honest adapter's folder with its weights file rewritten tensor by tensor. */
    private static Path rewrittenWeights(BiConsumer<Map<String, long[]>, Map<String, float[]>> change) throws IOException {
        Path dir = EvaluatorTestKit.writeAdapter(TinyAdapters.honest(), BASE);
        Path weights = dir.resolve(PeftFormat.WEIGHTS_FILE);
        Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        Map<String, float[]> values = new HashMap<>();
        Map<String, String> metadata;
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            metadata = reader.metadata();
            for (String name : reader.names()) {
                shapes.put(name, reader.info(name).shape());
                values.put(name, reader.readFloats(name));
            }
        }
        change.accept(shapes, values);
        SafetensorsWriter writer = new SafetensorsWriter();
        metadata.forEach(writer::putMetadata);
        shapes.forEach((name, shape) -> writer.add(name, shape, values.get(name)));
        writer.write(weights);
        return dir;
    }

    /** An honest adapter's folder whose weights file is replaced by {@code bytes}. */
    private static Path replacedWeights(byte[] bytes) throws IOException {
        Path dir = EvaluatorTestKit.writeAdapter(TinyAdapters.honest(), BASE);
        Files.write(dir.resolve(PeftFormat.WEIGHTS_FILE), bytes);
        return dir;
    }

    /** A safetensors file: the 8-byte little-endian header length, the header, the data. */
    private static byte[] safetensors(long declaredHeaderLength, String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredHeaderLength)
                .put(json).array();
    }

    private static String firstLoraTensor(Map<String, long[]> shapes) {
        return shapes.keySet().stream().filter(n -> n.contains("lora_A")).findFirst().orElseThrow();
    }

    private static String classifierWeight(Map<String, long[]> shapes) {
        return shapes.keySet().stream().filter(n -> n.endsWith("classifier.weight")).findFirst().orElseThrow();
    }

    /** One hostile candidate and the checks allowed to refuse it, with words the reason must hold. */
    private record Hostile(String name, CandidateEvent event, List<String> checks, String reasonHolds) {
    }

    @Test
    void hostileCandidatesAreRejectedWithTheReasonAndTheConsumerGoesOn() throws IOException {
        TopicsScenario.ensure();
        List<Hostile> hostile = new ArrayList<>();

        // Files of another task: the honest adapter uploaded as a candidate of "victim", announced for TASK.
        String victimVersion = EvaluatorTestKit.newVersion();
        CandidateEvent victim = EvaluatorTestKit.uploadCandidate("victim", victimVersion, BASE,
                EvaluatorTestKit.writeAdapter(TinyAdapters.honest(), BASE));
        String otherTaskVersion = EvaluatorTestKit.newVersion();
        hostile.add(new Hostile("another task's folder", withPrefix(EvaluatorTestKit.candidateEvent(TASK, otherTaskVersion, BASE,
                victim.files()), victim.objectPrefix()), List.of("artifacts"), "is not the candidate's folder"));
        hostile.add(new Hostile("a promoted adapter's folder", withPrefix(EvaluatorTestKit.candidateEvent(TASK,
                EvaluatorTestKit.newVersion(), BASE, victim.files()), ObjectLayout.adapterPrefix("victim", victimVersion)),
                List.of("artifacts"), "is not the candidate's folder"));
        hostile.add(new Hostile("the bucket's root", withPrefix(EvaluatorTestKit.candidateEvent(TASK, EvaluatorTestKit.newVersion(),
                BASE, victim.files()), ""), List.of("artifacts", "candidate_event"), ""));
        Map<String, String> traversing = new HashMap<>(victim.files());
        traversing.put("../../victim/" + victimVersion + "/" + PeftFormat.WEIGHTS_FILE, victim.files().get(PeftFormat.WEIGHTS_FILE));
        hostile.add(new Hostile("a traversing file name", EvaluatorTestKit.candidateEvent(TASK, EvaluatorTestKit.newVersion(),
                BASE, traversing), List.of("artifacts"), "is invalid"));
        Map<String, String> encoded = new HashMap<>(victim.files());
        encoded.put("%2e%2e%2fadapter_model.safetensors", victim.files().get(PeftFormat.WEIGHTS_FILE));
        hostile.add(new Hostile("an encoded traversing file name", EvaluatorTestKit.candidateEvent(TASK,
                EvaluatorTestKit.newVersion(), BASE, encoded), List.of("artifacts"), "is invalid"));

        // Adapters whose weights are wrong in value or shape.
        hostile.add(upload("NaN weights", rewrittenWeights((s, v) -> v.get(firstLoraTensor(s))[0] = Float.NaN),
                List.of("adapter_loads", "finite_outputs"), ""));
        hostile.add(upload("infinite weights", rewrittenWeights((s, v) -> java.util.Arrays.fill(v.get(classifierWeight(s)),
                Float.POSITIVE_INFINITY)), List.of("adapter_loads", "finite_outputs"), ""));
        hostile.add(upload("a classifier of the wrong shape", rewrittenWeights((s, v) -> {
            String name = classifierWeight(s);
            long[] shape = s.get(name);
            s.put(name, new long[] {shape[0] + 1, shape[1]});
            v.put(name, new float[(int) ((shape[0] + 1) * shape[1])]);
        }), List.of("adapter_loads", "label_map"), ""));
        hostile.add(upload("a LoRA matrix of the wrong rank", rewrittenWeights((s, v) -> {
            String name = firstLoraTensor(s);
            long[] shape = s.get(name);
            s.put(name, new long[] {shape[0] + 3, shape[1]});
            v.put(name, new float[(int) ((shape[0] + 3) * shape[1])]);
        }), List.of("adapter_loads"), ""));

        // Safetensors header bombs.
        String tensor = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        hostile.add(upload("a header length of 2^62", replacedWeights(safetensors(1L << 62, tensor, 4)), List.of("adapter_loads"),
                "header size"));
        hostile.add(upload("a header length past the end of the file", replacedWeights(safetensors(1 << 20, tensor, 4)),
                List.of("adapter_loads"), "past the end"));
        hostile.add(upload("a negative header length", replacedWeights(safetensors(-8, tensor, 4)), List.of("adapter_loads"),
                "header size"));
        String nested = "{\"w\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        hostile.add(upload("a header nested 100k deep", replacedWeights(safetensors(nested.length(), nested, 0)),
                List.of("adapter_loads"), "not valid JSON"));
        String overflow = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,4]}}";
        hostile.add(upload("a shape whose product overflows", replacedWeights(safetensors(overflow.length(), overflow, 4)),
                List.of("adapter_loads"), "overflows"));
        String outOfRange = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000],\"data_offsets\":[0,4000000]}}";
        hostile.add(upload("offsets past the data", replacedWeights(safetensors(outOfRange.length(), outOfRange, 4)),
                List.of("adapter_loads"), "adapter does not load"));
        String overlapping = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        hostile.add(upload("overlapping tensors", replacedWeights(safetensors(overlapping.length(), overlapping, 12)),
                List.of("adapter_loads"), "adapter does not load"));
        String unknownDtype = "{\"w\":{\"dtype\":\"F8_E4M3X\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        hostile.add(upload("an unknown dtype", replacedWeights(safetensors(unknownDtype.length(), unknownDtype, 1)),
                List.of("adapter_loads"), "F8_E4M3X"));

        for (Hostile h : hostile) {
            EvaluatorTestKit.publishCandidate(h.event);
            DecisionEvent decision = awaitDecision(TASK, h.event.version());
            assertThat(decision.approved()).as("%s: %s", h.name, describe(decision)).isFalse();
            List<CheckResult> failed = decision.checks().stream().filter(c -> !c.passed()).toList();
            assertThat(failed).as("%s: %s", h.name, describe(decision)).isNotEmpty();
            assertThat(failed.get(0).name()).as("%s: %s", h.name, describe(decision)).isIn(h.checks);
            assertThat(failed.get(0).detail()).as(h.name).isNotBlank().contains(h.reasonHolds);
        }
        // The consumer survived every one: a good candidate behind them is still approved.
        CandidateEvent good = announce(TASK, BASE, TinyAdapters.honest());
        assertThat(awaitDecision(TASK, good.version()).approved()).as(describe(awaitDecision(TASK, good.version()))).isTrue();
        // The victim's files are untouched.
        assertThat(EvaluatorTestKit.objects().find(victim.objectPrefix() + PeftFormat.WEIGHTS_FILE)).isPresent();
    }

    private static Hostile upload(String name, Path dir, List<String> checks, String reasonHolds) {
        return new Hostile(name, EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(), BASE, dir), checks, reasonHolds);
    }

    private static CandidateEvent withPrefix(CandidateEvent e, String prefix) {
        return new CandidateEvent(e.schemaVersion(), e.task(), e.version(), e.baseModel(), e.baseModelSha256(),
                prefix.isEmpty() ? "/" : prefix, e.files(), e.trainedOn(), e.trainingExamples(), e.warmStartVersion(),
                e.validationLoss(), e.createdAt());
    }

    @Test
    void neitherTheAdminTokenNorAPresentedTokenNorTheS3SecretReachesTheLogOrTheMetrics() {
        TopicsScenario.ensure();
        LogCapture capture = LogCapture.start();
        String presented = "presented-wrong-token-" + System.nanoTime();
        try {
            HostileProbe probe = new HostileProbe(base);
            probe.send("PUT", "/v1/tasks/" + TASK + "/golden-set", "Bearer " + presented, "application/x-ndjson", GOLDEN);
            probe.send("DELETE", "/v1/tasks/" + TASK + "/golden-set", "Basic " + presented, null, null);
            probe.send("GET", "/v1/tasks/" + presented + "/evaluation-sets", null, null, null);
            // A decision, so the evaluator reads S3 and Kafka while the capture runs.
            CandidateEvent bad = EvaluatorTestKit.candidateEvent(TASK, EvaluatorTestKit.newVersion(), BASE,
                    Map.of(PeftFormat.WEIGHTS_FILE, Sha256.of(new byte[1]), PeftFormat.CONFIG_FILE, Sha256.of(new byte[2])));
            EvaluatorTestKit.publishCandidate(bad);
            awaitDecision(TASK, bad.version());
            org.jboss.logging.Logger.getLogger(HostileInputTest.class).info("capture-sentinel");
        } finally {
            capture.close();
        }
        List<String> logged = capture.lines();
        String secret = devStack.secretKey();
        assertThat(secret).isNotBlank();
        assertThat(logged).as("the capture sees the service's log").anyMatch(l -> l.contains("capture-sentinel"))
                .anyMatch(l -> l.startsWith("io.lorastream.evaluator"));
        assertThat(logged).noneMatch(l -> l.contains(ADMIN_TOKEN) || l.contains(presented) || l.contains(secret));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("lorastream_evaluator").doesNotContain(ADMIN_TOKEN).doesNotContain(presented)
                .doesNotContain(secret);
    }
}
