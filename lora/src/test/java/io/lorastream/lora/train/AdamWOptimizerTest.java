package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.lorastream.lora.infer.NoGradScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW and gradient clipping against hand-computed PyTorch values. */
class AdamWOptimizerTest {

    @Test
    void firstStepMovesEachWeightByTheLearningRateAndDecaysOnlyWeights() {
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            NDArray weight = parameter(manager, 1f, 2f);
            NDArray bias = parameter(manager, 1f, 2f);
            setGradients(manager, List.of(weight, bias), new float[] {0.1f, -0.2f});
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            parameters.put("classifier.weight", weight);
            parameters.put("classifier.bias", bias);

            try (NDManager state = manager.newSubManager(); NoGradScope noGrad = NoGradScope.open()) {
                AdamWOptimizer.withDefaults(state, 0.01f).update(parameters, 0.1f);
            }

            // torch.optim.AdamW, step 1: w ← w(1 − lr·wd); bias-corrected m/√v = sign(g), so w ← w − lr·sign(g)
            assertThat(weight.toFloatArray()[0]).isCloseTo(1f * (1 - 0.001f) - 0.1f, within(1e-6f));
            assertThat(weight.toFloatArray()[1]).isCloseTo(2f * (1 - 0.001f) + 0.1f, within(1e-6f));
            assertThat(bias.toFloatArray()).containsExactly(new float[] {0.9f, 2.1f}, within(1e-6f));
        }
    }

    @Test
    void severalStepsFollowTorchAdamWMomentsAndBiasCorrection() {
        // Step 1 alone cannot tell a missing moment decay (m·β1, v·β2) from a right one: m̂/√v̂ = sign(g)
        // whatever the betas. Four steps with changing gradients against torch.optim.AdamW's update
        // rule, computed here in doubles, do.
        float[][] gradients = {{0.1f, -0.2f}, {-0.3f, 0.05f}, {0.2f, 0.2f}, {0.0f, -1.0f}};
        float[] learningRates = {0.1f, 0.05f, 0.02f, 0.01f};
        double weightDecay = 0.01;
        double[] expected = {1.0, 2.0};
        double[] m = new double[2];
        double[] v = new double[2];
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            NDArray weight = parameter(manager, 1f, 2f);
            Map<String, NDArray> parameters = Map.of("classifier.weight", weight);
            try (NDManager state = manager.newSubManager()) {
                AdamWOptimizer optimizer = AdamWOptimizer.withDefaults(state, (float) weightDecay);
                for (int t = 1; t <= gradients.length; t++) {
                    setGradients(manager, List.of(weight), gradients[t - 1]);
                    try (NoGradScope noGrad = NoGradScope.open()) {
                        optimizer.update(parameters, learningRates[t - 1]);
                        AdamWOptimizer.zeroGradients(List.of(weight));
                    }
                    double lr = learningRates[t - 1];
                    for (int i = 0; i < 2; i++) {
                        double g = gradients[t - 1][i];
                        expected[i] *= 1 - lr * weightDecay;
                        m[i] = 0.9 * m[i] + 0.1 * g;
                        v[i] = 0.999 * v[i] + 0.001 * g * g;
                        double mHat = m[i] / (1 - Math.pow(0.9, t));
                        double vHat = v[i] / (1 - Math.pow(0.999, t));
                        expected[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                    float[] actual = weight.toFloatArray();
                    assertThat(actual[0]).as("step %d", t).isCloseTo((float) expected[0], within(1e-5f));
                    assertThat(actual[1]).as("step %d", t).isCloseTo((float) expected[1], within(1e-5f));
                }
                assertThat(optimizer.step()).isEqualTo(4);
            }
        }
    }

    @Test
    void clippingScalesAllGradientsByTheGlobalNorm() {
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            NDArray a = parameter(manager, 0f);
            NDArray b = parameter(manager, 0f);
            setGradients(manager, List.of(a), new float[] {3f});
            setGradients(manager, List.of(b), new float[] {4f});

            double norm;
            try (NoGradScope noGrad = NoGradScope.open()) {
                norm = GradientClipping.clip(List.of(a, b), 1.0);
            }

            assertThat(norm).isCloseTo(5.0, within(1e-6));
            try (NDArray ga = a.getGradient(); NDArray gb = b.getGradient()) {
                assertThat(ga.getFloat()).isCloseTo(0.6f, within(1e-5f));
                assertThat(gb.getFloat()).isCloseTo(0.8f, within(1e-5f));
            }
        }
    }

    @Test
    void weightDecaySkipsBiasesAndLayerNorms() {
        assertThat(AdamWOptimizer.decays("bert.encoder.layer.0.attention.self.query.lora_A.weight")).isTrue();
        assertThat(AdamWOptimizer.decays("classifier.bias")).isFalse();
        assertThat(AdamWOptimizer.decays("bert.embeddings.LayerNorm.weight")).isFalse();
    }

    private static NDArray parameter(NDManager manager, float... values) {
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        return array;
    }

    /** Gives every array the gradient {@code gradient}, via backward of sum(array · gradient). */
    private static void setGradients(NDManager manager, List<NDArray> arrays, float[] gradient) {
        try (NDManager batch = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray g = batch.create(gradient);
            NDArray loss = null;
            for (NDArray a : arrays) {
                NDArray term = a.mul(g).sum();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
    }
}
