package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.testing.TinyBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many training runs in one process must not accumulate native memory: every array a run creates is
 * closed by the time it returns, and the number of live arrays stays constant from step to step.
 */
class MemoryStabilityTest {

    private static final int RUNS = 10;

    @Test
    void repeatedRunsLeaveNoArraysBehindAndRssStaysBounded() throws IOException {
        NDManager system = systemManager();
        List<LabeledExample> examples = ToyExamples.balanced(24, 12);
        List<Integer> liveDuringRun = new ArrayList<>();
        LoraTrainer trainer = LoraTrainer.builder()
                .setBaseModel(TinyBert.model())
                .setLabels(ToyExamples.LABELS)
                .optEpochs(2)
                .optBatchSize(8)
                .optLearningRate(1e-2)
                .optValidationFraction(0.25)
                .optMaxLength(32)
                .optDevice("cpu")
                .optListener(p -> liveDuringRun.add(system.getManagedArrays().size()))
                .build();

        trainer.train(examples); // warm-up: JIT, libtorch allocator pools, tokenizer
        int baselineArrays = system.getManagedArrays().size();
        long baselineRss = rssAfterGc();

        List<Long> rss = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            liveDuringRun.clear();
            trainer.train(examples);

            assertThat(new HashSet<>(liveDuringRun)).as("live arrays at each step of run %d", run).hasSize(1);
            assertThat(system.getManagedArrays().size()).as("live arrays after run %d", run).isEqualTo(baselineArrays);
            rss.add(rssAfterGc());
        }
        long growth = rss.get(RUNS - 1) - baselineRss;
        System.out.printf("RSS baseline %d MiB, after %d runs %s MiB, growth %d KiB%n", baselineRss >> 20, RUNS,
                rss.stream().map(r -> r >> 20).toList(), growth >> 10);
        // A run's model alone is ~4 MiB (the 30522 × 32 embeddings): leaking it would add 40 MiB.
        assertThat(growth).isLessThan(24L << 20);
    }

    private static NDManager systemManager() {
        try (NDManager probe = Engine.getInstance().newBaseManager()) {
            return probe.getParentManager();
        }
    }

    /** Resident set size in bytes, after a GC so that released Java wrappers have let go of their tensors. */
    private static long rssAfterGc() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
