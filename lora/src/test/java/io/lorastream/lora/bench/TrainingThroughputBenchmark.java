package io.lorastream.lora.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.data.SpamAssassinCorpus;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.StratifiedSampler;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.infer.TextClassifier;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.testing.MiniLm;
import io.lorastream.lora.train.ComputeThreads;
import io.lorastream.lora.train.LoraTrainer;
import io.lorastream.lora.train.TrainingResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training and inference throughput of MiniLM + LoRA r=8 on CPU over 1,000 real SpamAssassin mails
 * (batch 32, max 128 tokens), with dynamic padding and length bucketing on and off, and the peak RSS.
 * Writes {@code bench/results/training-throughput.json}. Never part of the test run:
 *
 * <pre>
 * ./mvnw -B -pl lora -am test -Dtest=TrainingThroughputBenchmark -Dlorastream.test.excludedGroups= \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("benchmark")
class TrainingThroughputBenchmark {

    private static final int EXAMPLES = 1000;
    private static final int BATCH = 32;
    private static final int MAX_LENGTH = 128;
    private static final long SEED = 2024;
    private static final List<String> LABELS = List.of("ham", "spam");

    @Test
    void run() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        Path output = args.length > 0 ? Path.of(args[0]) : defaultOutput();
        SpamAssassinCorpus corpus = SpamAssassinCorpus.open(SpamAssassinCorpus.locate().orElseThrow(() ->
                new IllegalStateException("SpamAssassin corpus not found: run lora/scripts/fetch-spamassassin.sh")));
        List<LabeledExample> examples = StratifiedSampler
                .sample(corpus.emails(), SpamAssassinEmail::label, EXAMPLES, SEED)
                .stream().map(SpamAssassinEmail::toExample).toList();
        BertModelDir miniLm = MiniLm.model();

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode result = json.createObjectNode();
        result.put("benchmark", "training-throughput");
        result.put("date", Instant.now().toString());
        result.put("model", "all-MiniLM-L6-v2 (6 layers, hidden 384)");
        result.put("lora", "r=8, alpha=8, target query,value; classifier trained");
        result.put("dataset", EXAMPLES + " SpamAssassin mails, stratified sample, seed " + SEED);
        result.put("batchSize", BATCH);
        result.put("maxLength", MAX_LENGTH);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("torchIntraOpThreads", ComputeThreads.intraOp());
        result.put("java", System.getProperty("java.version"));
        result.put("loadAverageAtStart", loadAverage());

        // Warm-up, so the first measured phase does not pay for libtorch start-up and JIT compilation.
        LoraTrainer.builder().setBaseModel(miniLm).setLabels(LABELS).optEpochs(1).optBatchSize(BATCH)
                .optMaxLength(MAX_LENGTH).optDevice("cpu").build().train(examples.subList(0, 2 * BATCH));

        AdapterState adapter = null;
        // name, dynamic padding + bucketing, micro-batch size (-1: inference). The whole-batch phase runs
        // last: the allocator keeps its larger peak, which would hide the later phases' own.
        Object[][] phases = {
            {"trainingDynamicPadding", true, LoraTrainer.DEFAULT_MICRO_BATCH},
            {"trainingFixedPadding", false, LoraTrainer.DEFAULT_MICRO_BATCH},
            {"inferenceMerged", true, -1},
            {"trainingDynamicPaddingWholeBatch", true, 0},
        };
        for (Object[] p : phases) {
            if ((Integer) p[2] < 0) {
                inference(result, json, miniLm, adapter, examples);
                continue;
            }
            boolean dynamic = (Boolean) p[1];
            int micro = (Integer) p[2];
            resetPeakRss();
            TrainingResult r = LoraTrainer.builder()
                    .setBaseModel(miniLm)
                    .setLabels(LABELS)
                    .optLoraSettings(LoraSettings.defaults())
                    .optEpochs(1)
                    .optBatchSize(BATCH)
                    .optMicroBatchSize(micro)
                    .optMaxLength(MAX_LENGTH)
                    .optDynamicPadding(dynamic)
                    .optLengthBucketing(dynamic)
                    .optDevice("cpu")
                    .optSeed(SEED)
                    .build()
                    .train(examples);
            ObjectNode phase = result.putObject((String) p[0]);
            phase.put("dynamicPadding", dynamic);
            phase.put("lengthBucketing", dynamic);
            phase.put("microBatchSize", micro == 0 ? BATCH : micro);
            phase.put("steps", r.steps());
            phase.put("epochSeconds", round(EXAMPLES / r.examplesPerSecond()));
            phase.put("wallSecondsIncludingLoadAndTokenize", round(r.wallTime().toMillis() / 1000.0));
            phase.put("examplesPerSecond", round(r.examplesPerSecond()));
            phase.put("realTokensPerSecond", round(r.tokensPerSecond()));
            phase.put("meanRealTokensPerExample", round(r.tokensPerSecond() / r.examplesPerSecond()));
            phase.put("finalLoss", round(r.stepLosses().get(r.steps() - 1)));
            phase.put("skippedSteps", r.skippedSteps());
            phase.put("peakRssMiB", peakRssMiB());
            phase.put("heapCommittedMiB", heapCommittedMiB());
            print(json, phase);
            if (adapter == null) {
                adapter = r.adapter();
            }
        }

        result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        result.put("loadAverageAtEnd", loadAverage());

        Files.createDirectories(output.getParent());
        json.writeValue(output.toFile(), result);
        System.out.println("wrote " + output);
        print(json, result);
    }

    private static void inference(ObjectNode result, ObjectMapper json, BertModelDir miniLm, AdapterState adapter,
            List<LabeledExample> examples) throws IOException {
        try (TextClassifier classifier = TextClassifier.builder().setBaseModel(miniLm).optAdapter(adapter)
                .optBatchSize(BATCH).optMaxLength(MAX_LENGTH).optDevice("cpu").build()) {
            List<String> texts = examples.stream().map(LabeledExample::text).toList();
            classifier.predict(texts.subList(0, BATCH)); // warm-up
            resetPeakRss();
            long t0 = System.nanoTime();
            classifier.predict(texts);
            double seconds = (System.nanoTime() - t0) / 1e9;
            ObjectNode phase = result.putObject("inferenceMerged");
            phase.put("examples", EXAMPLES);
            phase.put("seconds", round(seconds));
            phase.put("examplesPerSecond", round(EXAMPLES / seconds));
            phase.put("peakRssMiB", peakRssMiB());
            print(json, phase);
        }
    }

    private static Path defaultOutput() {
        // Surefire runs in lora/; the results belong to the repository's bench/ folder.
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path repo = Files.isDirectory(module.resolve("../bench")) || Files.isRegularFile(module.resolve("../pom.xml"))
                ? module.getParent() : module;
        return repo.resolve("bench/results/training-throughput.json");
    }

    /** Starts a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM). */
    private static void resetPeakRss() throws IOException {
        System.gc();
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    /** Peak resident set size of this JVM since the last reset (VmHWM), heap and native memory together. */
    private static long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** Java heap the JVM has claimed from the OS: part of the RSS that is not libtorch's. */
    private static long heapCommittedMiB() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void print(ObjectMapper json, ObjectNode node) throws IOException {
        System.out.println(json.writeValueAsString(node));
    }
}
