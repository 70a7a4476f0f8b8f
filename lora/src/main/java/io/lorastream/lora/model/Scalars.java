package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalars as arrays owned by the operand's manager. DJL's PyTorch engine turns a Java number
 * operand ({@code x.mul(1.5f)}) into a temporary tensor over Java-owned memory and closes it at
 * once, while autograd keeps it for the backward pass: if the garbage collector frees that memory
 * first, backward reads freed memory and gradients come out as garbage or NaN. An array attached to
 * the batch's manager lives until the batch is closed.
 */
final class Scalars {

    private Scalars() {
    }

    /** {@code value} as a scalar array of {@code like}'s type, on its device and manager. */
    static NDArray like(NDArray like, double value) {
        return like.getManager().create((float) value).toType(like.getDataType(), false);
    }
}
