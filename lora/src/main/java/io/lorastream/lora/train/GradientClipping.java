package io.lorastream.lora.train;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * Clips gradients by their global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}: when the norm
 * over all parameters exceeds the maximum, every gradient is scaled by the same factor. (DJL's
 * optimizers only offer element-wise clipping, which changes the gradient's direction.)
 */
final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales the gradients of {@code weights} in place so their global norm is at most {@code maxNorm}.
     *
     * @return the global norm before clipping
     */
    static double clip(Collection<NDArray> weights, double maxNorm) {
        double sumOfSquares = 0;
        for (NDArray w : weights) {
            try (NDArray grad = w.getGradient(); NDArray squared = grad.square(); NDArray sum = squared.sum()) {
                sumOfSquares += sum.getFloat();
            }
        }
        double norm = Math.sqrt(sumOfSquares);
        if (maxNorm > 0 && norm > maxNorm) {
            float factor = (float) (maxNorm / (norm + 1e-6));
            for (NDArray w : weights) {
                try (NDArray grad = w.getGradient()) {
                    grad.muli(factor);
                }
            }
        }
        return norm;
    }
}
