package io.lorastream.evaluator.it;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.data.SpamAssassinCorpus;
import io.lorastream.lora.data.SpamAssassinCorpusFixture;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.StratifiedSampler;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.testing.MiniLm;
import io.lorastream.lora.train.ClassWeighting;
import io.lorastream.lora.train.ComputeThreads;
import io.lorastream.lora.train.LoraTrainer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Evaluation throughput and decision latency of the running service on MiniLM with a 1,000-item held-out window and a
 * 1,000-item retention set (sampled from 2,000 older mails), through Kafka and S3 as in production. Writes
 * {@code bench/results/evaluation.json}. Never part of the test run (tag {@code benchmark}); run it alone, it measures
 * the whole machine:
 *
 * <pre>
 * ./mvnw -B -pl evaluator-service test -Dtest=EvaluationBenchmark -Dlorastream.test.excludedGroups= \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Rounds: the first decision is cold (base model downloaded into the disk cache, champion fetched and loaded, both
 * models score every item); the next ones are warm (the champion is loaded and remembers its answers on unchanged
 * items, so only the new candidate scores them).
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(EvaluationBenchmark.Sizes.class)
@WithTestResource(DevStackTestResource.class)
class EvaluationBenchmark {

    private static final String TASK = "bench-spam";
    private static final List<String> LABELS = List.of("ham", "spam");
    private static final int WINDOW = 1000;
    private static final int RETENTION = 1000;
    private static final int OLDER = 2000;
    private static final int TRAIN = 128;
    private static final int WARM_ROUNDS = 2;
    private static final long SEED = 2024;

    /** Production-sized sets for this benchmark (the test profile's are small). */
    public static final class Sizes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lorastream.evaluator.sets.window-size", Integer.toString(WINDOW),
                    "lorastream.evaluator.sets.retention-size", Integer.toString(RETENTION),
                    "lorastream.evaluator.sets.checkpoint-interval", "60s");
        }
    }

    @Test
    void run() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode result = json.createObjectNode();
        result.put("benchmark", "evaluation");
        result.put("date", Instant.now().toString());
        result.put("model", "all-MiniLM-L6-v2 (6 layers, hidden 384), LoRA r=8 on query,value, merged for inference");
        result.put("dataset", "SpamAssassin mails, stratified samples, seed " + SEED + ": " + WINDOW
                + " recent held-out (window), " + OLDER + " older held-out (retention sample of " + RETENTION + " by label "
                + "and day), " + TRAIN + " training mails per adapter");
        result.put("inference", "batch 32, max 128 tokens, CPU");
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("torchIntraOpThreads", ComputeThreads.intraOp());
        result.put("java", System.getProperty("java.version"));
        result.put("loadAverageAtStart", loadAverage());

        SpamAssassinCorpus corpus = SpamAssassinCorpusFixture.open();
        List<List<SpamAssassinEmail>> split = StratifiedSampler.split(corpus.emails(), SpamAssassinEmail::label,
                new int[] {TRAIN, TRAIN, OLDER, WINDOW}, SEED);
        List<LabeledExample> championTrain = examples(split.get(0));
        List<LabeledExample> candidateTrain = examples(split.get(1));

        EvaluatorTestKit.uploadModel(TaskSpec.DEFAULT_BASE_MODEL, MiniLm.dir());
        EvaluatorTestKit.putTask(TaskSpec.withDefaults(TASK, LABELS));
        List<LabeledExample> older = examples(split.get(2));
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10));
        for (int day = 0; day < 10; day++) {
            EvaluatorTestKit.publishHoldout(TASK, older.subList(day * OLDER / 10, (day + 1) * OLDER / 10),
                    tenDaysAgo.plus(Duration.ofDays(day)));
        }
        EvaluatorTestKit.publishHoldout(TASK, examples(split.get(3)), Instant.now());

        long trainStart = System.nanoTime();
        AdapterState championAdapter = train(championTrain, 1);
        AdapterState candidateAdapter = train(candidateTrain, 2);
        result.put("trainingBothAdaptersSeconds", seconds(System.nanoTime() - trainStart));
        ChampionEvent champion = EvaluatorTestKit.uploadChampion(TASK, EvaluatorTestKit.newVersion(),
                TaskSpec.DEFAULT_BASE_MODEL, championAdapter);
        EvaluatorTestKit.publishChampion(champion);
        EvaluatorTestKit.awaitSetSizes(TASK, WINDOW, RETENTION);
        EvaluatorTestKit.awaitChampion(TASK, champion.version());

        ArrayNode rounds = result.putArray("rounds");
        Path adapterDir = EvaluatorTestKit.writeAdapter(candidateAdapter, TaskSpec.DEFAULT_BASE_MODEL);
        for (int round = 0; round <= WARM_ROUNDS; round++) {
            rounds.add(round(json, round == 0 ? "cold" : "warm", adapterDir));
        }
        result.put("loadAverageAtEnd", loadAverage());
        result.put("peakRssBytes", peakRssBytes());
        result.put("processCpuSeconds", seconds(((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));

        Path output = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
                Path.of("..").toAbsolutePath().normalize().toString()), "bench", "results", "evaluation.json");
        Files.createDirectories(output.getParent());
        json.writeValue(output.toFile(), result);
        System.out.println(json.writeValueAsString(result));
    }

    private ObjectNode round(ObjectMapper json, String kind, Path adapterDir) {
        Map<String, Double> before = scoring();
        CandidateEvent candidate = EvaluatorTestKit.uploadCandidate(TASK, EvaluatorTestKit.newVersion(),
                TaskSpec.DEFAULT_BASE_MODEL, adapterDir);
        long published = System.nanoTime();
        EvaluatorTestKit.publishCandidate(candidate);
        DecisionEvent decision = EvaluatorTestKit.awaitDecisions(TASK, candidate.version(), 1, Duration.ofMinutes(30)).get(0);
        long seen = System.nanoTime();
        Map<String, Double> after = scoring();

        ObjectNode round = json.createObjectNode();
        round.put("kind", kind);
        round.put("approved", decision.approved());
        round.put("items", decision.evaluatedSetSizes().values().stream().mapToInt(Integer::intValue).sum());
        round.put("evaluationSeconds", decision.durationMs() / 1000.0);
        round.put("publishToDecisionSeconds", seconds(seen - published));
        double candidateSeconds = after.get("candidate.seconds") - before.get("candidate.seconds");
        for (String model : List.of("candidate", "reference")) {
            double items = after.get(model + ".items") - before.get(model + ".items");
            double secs = after.get(model + ".seconds") - before.get(model + ".seconds");
            round.put(model + "ScoringSeconds", Math.round(secs * 100) / 100.0);
            if (model.equals("reference") && secs < candidateSeconds / 100) {
                // Every item was answered from the champion's memory of its own predictions: no throughput to speak of.
                round.putNull("referenceExamplesPerSecond");
                round.put("referenceAnsweredFromMemory", true);
            } else {
                round.put(model + "ExamplesPerSecond", secs > 0 ? Math.round(items / secs * 10) / 10.0 : 0);
            }
        }
        round.put("candidateHoldoutMacroF1", decision.candidateMetrics().get("holdout.macro_f1"));
        round.put("championHoldoutMacroF1", decision.championMetrics().get("holdout.macro_f1"));
        round.put("loadAverage", loadAverage());
        return round;
    }

    private static AdapterState train(List<LabeledExample> examples, long seed) {
        return LoraTrainer.builder().setBaseModel(MiniLm.model()).setLabels(LABELS).optEpochs(1).optBatchSize(16)
                .optLearningRate(2e-3).optWarmupRatio(0.1).optClassWeighting(ClassWeighting.balanced()).optMaxLength(128)
                .optDevice("cpu").optSeed(seed).build().train(examples).adapter();
    }

    private static List<LabeledExample> examples(List<SpamAssassinEmail> mails) {
        return mails.stream().map(SpamAssassinEmail::toExample).toList();
    }

    /** Items scored and seconds spent scoring, per model, from the service's own metrics. */
    private static Map<String, Double> scoring() {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return Map.of(
                "candidate.items", sample(body, "lorastream_evaluator_scored_items_total{model=\"candidate\""),
                "reference.items", sample(body, "lorastream_evaluator_scored_items_total{model=\"reference\""),
                "candidate.seconds", sample(body, "lorastream_evaluator_scoring_seconds_sum{model=\"candidate\""),
                "reference.seconds", sample(body, "lorastream_evaluator_scoring_seconds_sum{model=\"reference\""));
    }

    private static double sample(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not on Linux
        }
        return -1;
    }
}
