package io.lorastream.evaluator.it;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.evaluator.testing.TinyAdapters;
import io.lorastream.evaluator.testing.ToyTopics;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.testing.TinyBert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The tiny-model world the gate tests share, set up once per JVM: task {@code topics} (sport, weather, money) on the
 * tiny BERT; 90 old held-out examples of all three classes (they become the retention set), then 60 recent ones of
 * sport and weather only (the held-out window: money has gone quiet lately); a golden set of all three classes; and
 * a weak champion that knows money.
 */
final class TopicsScenario {

    static final String TINY_BERT = "tiny-bert";
    static final String TASK = "topics";
    static final TaskSpec SPEC = TaskSpec.withDefaults(TASK, ToyTopics.LABELS).withBaseModel(TINY_BERT);
    static final Instant LAST_YEAR = Instant.parse("2025-06-01T00:00:00Z");

    private static ChampionEvent champion;

    private TopicsScenario() {
    }

    /** Sets the world up (once) and waits until the service has read it. */
    static synchronized ChampionEvent ensure() {
        if (champion == null) {
            EvaluatorTestKit.uploadModel(TINY_BERT, TinyBert.dir());
            EvaluatorTestKit.putTask(SPEC);
            EvaluatorTestKit.publishHoldout(TASK, ToyTopics.examples(30, 101, ToyTopics.LABELS), LAST_YEAR);
            EvaluatorTestKit.publishHoldout(TASK, ToyTopics.examples(30, 102, List.of("sport", "weather")), Instant.now());
            String golden = ToyTopics.examples(10, 103, ToyTopics.LABELS).stream()
                    .map(e -> "{\"text\":\"" + e.text() + "\",\"label\":\"" + e.label() + "\"}")
                    .collect(Collectors.joining("\n"));
            EvaluatorTestKit.objects().put("golden/" + TASK + ".jsonl", golden.getBytes(StandardCharsets.UTF_8),
                    "application/x-ndjson");
            ChampionEvent weak = EvaluatorTestKit.uploadChampion(TASK, EvaluatorTestKit.newVersion(), TINY_BERT,
                    TinyAdapters.weak());
            EvaluatorTestKit.publishChampion(weak);
            EvaluatorTestKit.awaitSetSizes(TASK, 60, 90);
            EvaluatorTestKit.awaitChampion(TASK, weak.version());
            champion = weak;
        }
        return champion;
    }

    /** Texts of the held-out examples, for tests that need more of the same kind. */
    static List<LabeledExample> recent(int perClass, long seed) {
        return ToyTopics.examples(perClass, seed, List.of("sport", "weather"));
    }
}
