package io.lorastream.evaluator.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.lorastream.contracts.CandidateEvent;
import io.lorastream.devstack.DevStackTestResource;
import io.lorastream.evaluator.domain.Classifier;
import io.lorastream.evaluator.model.ModelRepository;
import io.lorastream.evaluator.testing.TinyAdapters;
import io.lorastream.evaluator.testing.ToyTopics;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.testing.TinyBert;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Evaluations must not leave native memory behind: a candidate loaded from S3, scored and released, again and again,
 * and the cached baseline scored every time, leave the number of live NDArrays where it was.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class InferenceMemoryTest {

    private static final int ROUNDS = 8;

    @Inject
    ModelRepository models;

    @Test
    void repeatedEvaluationsLeaveNoArraysBehind() {
        EvaluatorTestKit.uploadModel(TopicsScenario.TINY_BERT, TinyBert.dir());
        CandidateEvent candidate = EvaluatorTestKit.uploadCandidate("memory", EvaluatorTestKit.newVersion(),
                TopicsScenario.TINY_BERT, EvaluatorTestKit.writeAdapter(TinyAdapters.honest(), TopicsScenario.TINY_BERT));
        List<String> texts = ToyTopics.examples(40, 301, ToyTopics.LABELS).stream().map(LabeledExample::text).toList();
        NDManager system = systemManager();

        evaluateOnce(candidate, texts, 0); // warm-up: base model into the disk cache, baseline loaded and cached
        int baseline = system.getManagedArrays().size();
        for (int round = 1; round <= ROUNDS; round++) {
            evaluateOnce(candidate, texts, round);
            assertThat(system.getManagedArrays().size()).as("live arrays after round %d", round).isEqualTo(baseline);
        }
    }

    private void evaluateOnce(CandidateEvent candidate, List<String> texts, int round) {
        Classifier loaded = models.loadCandidate(candidate);
        assertThat(loaded.predict(texts)).hasSize(texts.size());
        Classifier reference = models.reference(TopicsScenario.SPEC.withBaseModel(TopicsScenario.TINY_BERT), Optional.empty());
        // A text the baseline has not seen yet each round, so it really runs the model, not only its memory.
        assertThat(reference.predict(List.of("round " + round + " " + texts.get(round)))).hasSize(1);
        models.release(candidate, loaded, false);
    }

    private static NDManager systemManager() {
        try (NDManager probe = Engine.getInstance().newBaseManager()) {
            return probe.getParentManager();
        }
    }
}
