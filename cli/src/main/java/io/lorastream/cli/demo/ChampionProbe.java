package io.lorastream.cli.demo;

import io.lorastream.cli.BaseModelInstaller;
import io.lorastream.lora.data.SpamAssassinEmail;
import io.lorastream.lora.data.SpamAssassinGroup;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.infer.Prediction;
import io.lorastream.lora.infer.TextClassifier;
import io.lorastream.lora.metrics.ClassificationReport;
import io.lorastream.lora.peft.PeftAdapterReader;
import io.lorastream.registry.client.ChampionInfo;
import io.lorastream.registry.client.InstalledAdapter;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ModelCache;
import io.lorastream.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an inference service does with the champion it pulled: loads base model + adapter and
 * classifies the mail the system never saw, overall and per SpamAssassin group.
 */
final class ChampionProbe {

    private static final int CHUNK = 100;
    private static final int SAMPLES_PER_LABEL = 2;

    /** One classified mail to show. */
    record Sample(String preview, String actual, String predicted, double confidence) {
    }

    /** How many of a SpamAssassin group's unseen mails the champion got right. */
    record GroupScore(String group, int right, int total) {
    }

    /** The champion's quality on the unseen mail, overall and per group (where the errors are). */
    record Result(String version, Path adapterDir, ClassificationReport report, List<GroupScore> byGroup,
                  List<Sample> samples, double seconds) {
    }

    private final DemoSettings settings;

    ChampionProbe(DemoSettings settings) {
        this.settings = settings;
    }

    /** Waits for {@code inference} to install the task's champion, then classifies {@code unseen} with it. */
    Result measure(InferenceService inference, List<String> labels, int maxLength, List<SpamAssassinEmail> unseen)
            throws IOException, InterruptedException {
        ChampionInfo champion = inference.registry().champion(settings.task())
                .orElseThrow(() -> new IOException("task " + settings.task() + " has no champion to pull"));
        InstalledAdapter installed = inference.awaitVersion(champion.version());
        System.out.printf("  registry-client: %s in %s (%d files, SHA-256 verified)%n", installed.version(),
                installed.dir(), installed.files().size());

        ModelCache models = new ModelCache(new AdapterStore(ObjectStore.connect(BaseModelInstaller.settingsFromEnvironment())),
                settings.workDir().resolve("models"), Optional.empty());
        BertModelDir base = BertModelDir.open(models.get(champion.baseModel()).dir());
        long started = System.nanoTime();
        List<Prediction> predictions = new ArrayList<>(unseen.size());
        try (TextClassifier classifier = TextClassifier.builder().setBaseModel(base)
                .optAdapter(PeftAdapterReader.read(installed.dir()).state()).optMaxLength(maxLength).build()) {
            for (int from = 0; from < unseen.size(); from += CHUNK) {
                List<SpamAssassinEmail> chunk = unseen.subList(from, Math.min(unseen.size(), from + CHUNK));
                predictions.addAll(classifier.predict(chunk.stream().map(SpamAssassinEmail::text).toList()));
                System.out.printf("  classifying unseen mail: %d/%d%n", predictions.size(), unseen.size());
            }
        }
        int[] actual = unseen.stream().mapToInt(m -> labels.indexOf(m.label())).toArray();
        ClassificationReport report = ClassificationReport.of(labels, actual, Prediction.classIndices(predictions));
        return new Result(installed.version(), installed.dir(), report, byGroup(unseen, predictions),
                samples(unseen, predictions), (System.nanoTime() - started) / 1e9);
    }

    private static List<GroupScore> byGroup(List<SpamAssassinEmail> unseen, List<Prediction> predictions) {
        Map<SpamAssassinGroup, int[]> counts = new EnumMap<>(SpamAssassinGroup.class);
        for (int i = 0; i < unseen.size(); i++) {
            int[] rightOfTotal = counts.computeIfAbsent(unseen.get(i).group(), g -> new int[2]);
            rightOfTotal[0] += predictions.get(i).label().equals(unseen.get(i).label()) ? 1 : 0;
            rightOfTotal[1]++;
        }
        List<GroupScore> out = new ArrayList<>();
        counts.forEach((group, c) -> out.add(new GroupScore(group.directoryName(), c[0], c[1])));
        return out;
    }

    private static List<Sample> samples(List<SpamAssassinEmail> unseen, List<Prediction> predictions) {
        List<Sample> out = new ArrayList<>();
        for (String label : List.of("ham", "spam")) {
            int shown = 0;
            for (int i = 0; i < unseen.size() && shown < SAMPLES_PER_LABEL; i++) {
                if (unseen.get(i).label().equals(label)) {
                    Prediction p = predictions.get(i);
                    out.add(new Sample(preview(unseen.get(i).text()), label, p.label(), p.confidence()));
                    shown++;
                }
            }
        }
        return out;
    }

    private static String preview(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
    }
}
