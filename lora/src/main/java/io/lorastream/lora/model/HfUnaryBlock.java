package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** An {@link HfBlock} that maps one array to one array, usable alone as a DJL block. */
public abstract class HfUnaryBlock extends HfBlock {

    /** Applies the module to {@code x}. */
    abstract NDArray apply(ParameterStore store, NDArray x, boolean training);

    @Override
    protected final NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }
}
