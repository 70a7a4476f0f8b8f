package io.lorastream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorastream.lora.data.SpamAssassinCorpus;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.metrics.ClassMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code ./lorastream demo}: a spam filter that keeps learning. Creates the {@code spam} task through
 * the registry, streams SpamAssassin mail through the ingest API in two waves (the older groups, then
 * the later ones as drift), follows training, evaluation and promotion live while an inference service
 * (a registry-client) installs each new champion, and measures the last one on mail the system never saw.
 *
 * <p>Exit status: 0 when the final champion classifies at least {@value #TARGET_ACCURACY} of the unseen
 * mail correctly, 3 when it is below that, 1 when the demo could not run.
 */
public final class SpamDemo {

    /** The share of unseen mail the final champion must classify correctly. */
    static final double TARGET_ACCURACY = 0.97;
    static final List<String> LABELS = List.of("ham", "spam");
    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger CLIENT_LOG = java.util.logging.Logger.getLogger("io.lorastream.registry.client");

    private final DemoSettings settings;
    private final ServiceApi api;

    SpamDemo(DemoSettings settings) {
        this.settings = settings;
        this.api = new ServiceApi(settings);
    }

    public static void main(String[] args) {
        // The registry-client logs each install; the demo prints its own line for it.
        CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
        try {
            System.exit(new SpamDemo(DemoSettings.from(System.getenv())).run());
        } catch (IOException | RuntimeException e) {
            System.err.println("demo failed: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    int run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        String task = settings.task();

        step(1, "the mail");
        SpamAssassinCorpus corpus = SpamAssassinCorpus.open(SpamAssassinCorpus.locate().orElseThrow(() ->
                new IOException("the SpamAssassin corpus is not there; ./lorastream demo fetches it, or run "
                        + "lora/scripts/fetch-spamassassin.sh")));
        DemoCorpus mail = DemoCorpus.draw(corpus.emails(), settings.waveSize(), settings.unseenSize());
        System.out.printf("  first wave  %4d mails from %s, %s%n", mail.firstWave().size(), groups(DemoCorpus.OLDER.toString()),
                spamShare(mail.firstWave()));
        System.out.printf("  second wave %4d mails from %s, %s%n", mail.secondWave().size(),
                groups(DemoCorpus.LATER.toString()), spamShare(mail.secondWave()));
        System.out.printf("  unseen      %4d mails from every group, never sent to lorastream, %s%n", mail.unseen().size(),
                spamShare(mail.unseen()));

        step(2, "the task");
        JsonNode spec = api.putTask(task, taskSpec());
        JsonNode training = spec.path("training");
        System.out.printf("  registry: task %s with labels %s, base model %s, a training job every %d new examples,"
                        + " %.0f%% of the mail held out for the evaluator%n", task, spec.path("labels"),
                spec.path("baseModel").asText(), spec.path("trigger").path("minNewExamples").asInt(),
                spec.path("holdoutShare").asDouble() * 100);
        System.out.printf("  training: LoRA r=%d on %s, %d epochs, learning rate %s (head %s), warm-up %.0f%%, class "
                        + "weighting %s, replay %.0f%% of each window%n", spec.path("lora").path("r").asInt(),
                spec.path("lora").path("targetModules"), training.path("epochs").asInt(), training.path("learningRate"),
                training.path("headLearningRate"), training.path("warmupRatio").asDouble() * 100,
                training.path("classWeighting").asText(), training.path("replayRatio").asDouble() * 100);

        try (InferenceService inference = InferenceService.start(settings)) {
            return follow(started, mail, training, inference);
        }
    }

    /** Steps 3 to 6: both waves, the pipeline's work on them, and the champion's quality on unseen mail. */
    private int follow(long started, DemoCorpus mail, JsonNode training, InferenceService inference)
            throws IOException, InterruptedException {
        String task = settings.task();
        PipelineWatcher watcher = new PipelineWatcher(api, task);
        // Windows a restarted or busy trainer still has to train count too, so a demo run again after an
        // interruption waits for them instead of summarising half a pipeline.
        Optional<JsonNode> trainerBefore = api.trainerTask(task);
        int pendingBefore = trainerBefore.map(v -> v.path("pendingExamples").asInt()).orElse(0);
        int plannedBefore = trainerBefore.map(v -> v.path("plannedWindows").asInt()).orElse(0);
        MailFeed feed = new MailFeed(api, task);
        Map<String, String> waveOf = new HashMap<>();

        step(3, "first wave: older mail");
        MailFeed.Totals first = feed.send("first wave", mail.firstWave());
        watcher.awaitJobs(plannedBefore + (pendingBefore + first.train()) / settings.windowSize(), settings.stall());
        watcher.trainedVersions().forEach(v -> waveOf.put(v, "first"));

        step(4, "second wave: later mail (new senders, new spam)");
        MailFeed.Totals second = feed.send("second wave", mail.secondWave());
        watcher.awaitJobs(plannedBefore + (pendingBefore + first.train() + second.train()) / settings.windowSize(),
                settings.stall());
        watcher.trainedVersions().forEach(v -> waveOf.putIfAbsent(v, "second"));

        List<SummaryTable.Row> rows = new ArrayList<>();
        List<JsonNode> versions = api.versions(task);
        for (int i = versions.size() - 1; i >= 0; i--) {
            String version = versions.get(i).path("version").asText();
            rows.add(SummaryTable.Row.of(waveOf.getOrDefault(version, "earlier"), api.version(task, version)));
        }
        if (watcher.champion() == null) {
            step(6, "summary");
            System.out.print(SummaryTable.render(rows));
            System.out.println("\nno champion: the evaluator rejected every candidate (reasons above); nothing to serve.");
            return 3;
        }

        step(5, "the inference service classifies unseen mail with the champion");
        ChampionProbe.Result quality = new ChampionProbe(settings).measure(inference, LABELS,
                training.path("maxLength").asInt(128), mail.unseen());

        step(6, "summary");
        System.out.print(SummaryTable.render(rows));
        System.out.printf("%nchampion %s on %d mails it never saw: accuracy %.4f, macro-F1 %.4f%n", quality.version(),
                quality.report().total(), quality.report().accuracy(), quality.report().macroF1());
        for (ClassMetrics c : quality.report().perClass()) {
            System.out.printf("  %-4s precision %.4f  recall %.4f  (%d mails)%n", c.label(), c.precision(), c.recall(),
                    c.support());
        }
        System.out.println("  right by SpamAssassin group: " + quality.byGroup().stream()
                .map(g -> g.group() + " " + g.right() + "/" + g.total()).collect(Collectors.joining(", ")));
        System.out.println("a few of them, as the inference service classified them:");
        for (ChampionProbe.Sample s : quality.samples()) {
            System.out.printf("  %-4s -> %-4s %5.1f%%  %s%n", s.actual(), s.predicted(), s.confidence() * 100, s.preview());
        }
        boolean met = quality.report().accuracy() >= TARGET_ACCURACY;
        System.out.printf("%nquality target (at least %.0f%% of unseen mail right): %s.  The demo took %s.%n",
                TARGET_ACCURACY * 100, met ? "met" : "NOT met", Durations.brief((System.nanoTime() - started) / 1_000_000_000L));
        return met ? 0 : 3;
    }

    /**
     * The spam task: the documented training defaults (or the settings' overrides), a window per
     * {@code windowSize} new examples.
     */
    private ObjectNode taskSpec() throws IOException {
        ObjectNode spec = ServiceApi.json().createObjectNode();
        spec.put("task", settings.task());
        spec.putArray("labels").add("ham").add("spam");
        ObjectNode trigger = spec.putObject("trigger");
        trigger.put("minNewExamples", settings.windowSize());
        trigger.put("maxWait", "PT30M");
        trigger.put("minExamplesOnTimeout", 20);
        spec.put("holdoutShare", settings.holdoutShare());
        if (!settings.training().isEmpty()) {
            JsonNode training = ServiceApi.json().readTree(settings.training());
            if (!training.isObject()) {
                throw new IllegalArgumentException("LORASTREAM_DEMO_TRAINING must be a JSON object of training settings, got "
                        + settings.training());
            }
            spec.set("training", training); // the registry checks each field and fills in the rest
        }
        return spec;
    }

    private static void step(int number, String title) {
        System.out.printf("%n[%d/6] %s%n", number, title);
    }

    private static String groups(String set) {
        return set.replace("[", "").replace("]", "").replace("_", "-").toLowerCase();
    }

    private static String spamShare(List<SpamAssassinEmail> mails) {
        long spam = mails.stream().filter(m -> m.label().equals("spam")).count();
        return String.format("%.0f%% spam", 100.0 * spam / mails.size());
    }
}
