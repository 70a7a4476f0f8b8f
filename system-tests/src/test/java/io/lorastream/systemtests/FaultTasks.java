package io.lorastream.systemtests;

import io.lorastream.contracts.GatePolicy;
import io.lorastream.contracts.LoraSpec;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.TrainingSpec;
import io.lorastream.contracts.TrainingTrigger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The tasks and example texts the fault scenarios feed the system. */
final class FaultTasks {

    static final List<String> LABELS = List.of("ham", "spam");
    /** A training window: small, so that a scenario needs few examples and a job takes seconds. */
    static final int WINDOW = 20;
    /**
     * Lets every candidate through: the scenarios check bookkeeping (trained once, decided once, promoted
     * consistently), and a tiny random model's quality is noise.
     */
    static final GatePolicy OPEN_GATE = new GatePolicy("accuracy", 0.0, 1.0, false, 0.05, 1.0, 1.0);

    private FaultTasks() {
    }

    /**
     * A task on the tiny model with windows of {@link #WINDOW}, 30% held out, the open gate, and
     * {@code epochs} passes of batch {@code batchSize} (more, smaller steps make a job long enough to be
     * caught in the middle).
     */
    static TaskSpec task(String task, int epochs, int batchSize) {
        return new TaskSpec(SchemaVersion.CURRENT, task, LABELS, RunningSystem.BASE_MODEL, LoraSpec.DEFAULT,
                new TrainingSpec(epochs, batchSize, 32, 1e-3, 1e-2, 0.0, "balanced", 0.0, 0, 0.0, 100),
                new TrainingTrigger(WINDOW, Duration.ofHours(1), 1), OPEN_GATE, 0.3, false,
                TaskSpec.DEFAULT_MAX_TEXT_CHARS);
    }

    /** A task that never trains within a test (a huge window): for the ingest scenarios. */
    static TaskSpec ingestOnly(String task) {
        return task(task, 1, 4).withTrigger(new TrainingTrigger(1_000_000, Duration.ofHours(1), 1));
    }

    /** Example {@code i} of a scenario: unique text, alternating labels, words that tell the labels apart. */
    static String text(String prefix, int i) {
        return (i % 2 == 0 ? "meeting notes for the project review " : "WIN money now with this offer ") + prefix + " " + i;
    }

    static String label(int i) {
        return i % 2 == 0 ? "ham" : "spam";
    }

    /** A JSON array of examples {@code from} .. {@code from + count - 1}, as ingest's API takes it. */
    static String batch(String prefix, int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> "{\"text\":\"" + text(prefix, i) + "\",\"label\":\"" + label(i) + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The texts of {@link #batch}. */
    static List<String> texts(String prefix, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> text(prefix, i)).toList();
    }
}
