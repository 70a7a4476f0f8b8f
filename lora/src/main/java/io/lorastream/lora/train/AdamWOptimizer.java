package io.lorastream.lora.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * AdamW with decoupled weight decay, as {@code torch.optim.AdamW}.
 *
 * <p>DJL's own {@code AdamW} keeps its moment estimates as detached arrays that only the garbage
 * collector would free, which leaks native memory across training runs in one process; here the
 * moments live in a manager owned by the run and are freed when it closes. Weight decay skips
 * biases and LayerNorm parameters, as Hugging Face's Trainer does.
 */
final class AdamWOptimizer {

    private final NDManager stateManager;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final Map<String, NDArray> firstMoments = new HashMap<>();
    private final Map<String, NDArray> secondMoments = new HashMap<>();
    private int step;

    /**
     * @param stateManager owns the moment estimates; closing it frees them
     */
    AdamWOptimizer(NDManager stateManager, float beta1, float beta2, float epsilon, float weightDecay) {
        this.stateManager = stateManager;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    static AdamWOptimizer withDefaults(NDManager stateManager, float weightDecay) {
        return new AdamWOptimizer(stateManager, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /** Number of updates applied so far. */
    int step() {
        return step;
    }

    /**
     * Applies one update to every parameter from its gradient. Must run with gradient recording off,
     * since it changes the weights in place.
     *
     * @param parameters weight arrays by name; each must carry a gradient
     * @param learningRate this update's learning rate
     */
    void update(Map<String, NDArray> parameters, float learningRate) {
        update(parameters, name -> learningRate);
    }

    /**
     * Applies one update with a learning rate per parameter (e.g. a larger one for a fresh head).
     *
     * @param learningRateOf this update's learning rate of the parameter of a given name
     */
    void update(Map<String, NDArray> parameters, ToDoubleFunction<String> learningRateOf) {
        step++;
        float biasCorrection1 = (float) (1.0 - Math.pow(beta1, step));
        float biasCorrection2 = (float) (1.0 - Math.pow(beta2, step));
        float sqrtBiasCorrection2 = (float) Math.sqrt(biasCorrection2);

        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            String name = e.getKey();
            NDArray weight = e.getValue();
            float learningRate = (float) learningRateOf.applyAsDouble(name);
            float stepSize = learningRate / biasCorrection1;
            NDArray m = firstMoments.computeIfAbsent(name, k -> zerosLike(weight));
            NDArray v = secondMoments.computeIfAbsent(name, k -> zerosLike(weight));
            // Every array created here is closed at once: results of operations on a parameter land in
            // the model's manager, which lives as long as the model.
            try (NDArray grad = weight.getGradient();
                    NDArray scaledGrad = grad.mul(1 - beta1);
                    NDArray scaledSquare = grad.square()) {
                scaledSquare.muli(1 - beta2);
                if (weightDecay > 0 && decays(name)) {
                    weight.muli(1 - learningRate * weightDecay);
                }
                m.muli(beta1).addi(scaledGrad);
                v.muli(beta2).addi(scaledSquare);
                try (NDArray denominator = v.sqrt();
                        NDArray update = m.mul(stepSize)) {
                    denominator.divi(sqrtBiasCorrection2).addi(epsilon);
                    update.divi(denominator);
                    weight.subi(update);
                }
            }
        }
    }

    /** Sets every gradient to zero, ready for the next batch (gradients accumulate otherwise). */
    static void zeroGradients(Iterable<NDArray> weights) {
        for (NDArray w : weights) {
            try (NDArray grad = w.getGradient()) {
                grad.subi(grad);
            }
        }
    }

    /** Biases and LayerNorm weights are not decayed: shrinking them towards 0 has no regularising sense. */
    static boolean decays(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !(lower.endsWith("bias") || lower.contains("layernorm") || lower.contains("layer_norm"));
    }

    private NDArray zerosLike(NDArray weight) {
        return stateManager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
    }
}
