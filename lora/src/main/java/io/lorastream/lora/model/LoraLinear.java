package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/**
 * PyTorch's {@code nn.Linear} ({@code y = x·Wᵀ + b}, {@code W} is {@code [out, in]}) with an optional LoRA
 * branch as PEFT's {@code lora.Linear}: {@code y += scaling · B(A(dropout(x)))}, {@code A} {@code [r, in]},
 * {@code B} {@code [out, r]}.
 *
 * <p>{@link #merge()} folds {@code scaling·B·A} into {@code W} for inference and keeps an exact copy of the
 * original {@code W}, so {@link #unmerge()} restores it bit for bit (subtracting the update again would not).
 */
public final class LoraLinear extends HfUnaryBlock {

    private final long inFeatures;
    private final long outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    private Parameter loraA;
    private Parameter loraB;
    private float scaling;
    private float dropout;
    private NDArray weightBeforeMerge;

    LoraLinear(long inFeatures, long outFeatures) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = hfParameter("weight", Parameter.Type.WEIGHT, new Shape(outFeatures, inFeatures));
        this.bias = hfParameter("bias", Parameter.Type.BIAS, new Shape(outFeatures));
    }

    /** Adds the LoRA parameters {@code lora_A.weight} and {@code lora_B.weight}; their values are set later. */
    void addLora(int r, double loraScaling, double loraDropout) {
        if (loraA != null) {
            throw new IllegalStateException("LoRA already added");
        }
        loraA = hfParameter("lora_A.weight", Parameter.Type.WEIGHT, new Shape(r, inFeatures));
        loraB = hfParameter("lora_B.weight", Parameter.Type.WEIGHT, new Shape(outFeatures, r));
        scaling = (float) loraScaling;
        dropout = (float) loraDropout;
    }

    /** Whether this layer has a LoRA branch. */
    public boolean hasLora() {
        return loraA != null;
    }

    /** Whether the LoRA update is currently folded into the weight. */
    public boolean isMerged() {
        return weightBeforeMerge != null;
    }

    public long inFeatures() {
        return inFeatures;
    }

    public long outFeatures() {
        return outFeatures;
    }

    /** Applies the layer to {@code x} of shape {@code [..., in]}. */
    @Override
    NDArray apply(ParameterStore store, NDArray x, boolean training) {
        NDArray y = Linear.linear(x, value(store, weight, x, training), value(store, bias, x, training)).singletonOrThrow();
        if (loraA == null || isMerged()) {
            if (training && isMerged()) {
                throw new IllegalStateException("a merged LoRA layer cannot train: unmerge first");
            }
            return y;
        }
        NDArray loraInput = training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
        NDArray down = Linear.linear(loraInput, value(store, loraA, x, training)).singletonOrThrow();
        NDArray up = Linear.linear(down, value(store, loraB, x, training)).singletonOrThrow();
        return y.add(up.mul(Scalars.like(up, scaling)));
    }

    /** Folds {@code scaling·B·A} into the weight; no-op without LoRA or when already merged. */
    void merge() {
        if (loraA == null || isMerged()) {
            return;
        }
        NDArray w = weight.getArray();
        NDArray product = loraB.getArray().matMul(loraA.getArray());
        NDArray update = product.mul(scaling);
        weightBeforeMerge = w.duplicate();
        w.addi(update);
        product.close();
        update.close();
    }

    /** Restores the exact weight from before {@link #merge()}; no-op when not merged. */
    void unmerge() {
        if (!isMerged()) {
            return;
        }
        // intern swaps in the saved tensor itself: bit-identical, no arithmetic
        weight.getArray().intern(weightBeforeMerge);
        weightBeforeMerge = null;
    }


    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
    }
}
