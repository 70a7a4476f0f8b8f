package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;

/** PyTorch's {@code nn.LayerNorm} over the last axis, with parameters named {@code weight} and {@code bias}. */
public final class HfLayerNorm extends HfUnaryBlock {

    private final long size;
    private final float epsilon;
    private final Parameter weight;
    private final Parameter bias;

    HfLayerNorm(long size, double epsilon) {
        this.size = size;
        this.epsilon = (float) epsilon;
        this.weight = hfParameter("weight", Parameter.Type.GAMMA, new Shape(size));
        this.bias = hfParameter("bias", Parameter.Type.BETA, new Shape(size));
    }

    /** Normalizes {@code x} over its last axis. */
    @Override
    NDArray apply(ParameterStore store, NDArray x, boolean training) {
        return LayerNorm.layerNorm(
                        x, new Shape(size), value(store, weight, x, training), value(store, bias, x, training), epsilon)
                .singletonOrThrow();
    }


    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
