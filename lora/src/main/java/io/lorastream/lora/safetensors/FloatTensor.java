package io.lorastream.lora.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * A float32 tensor in host memory: a shape and its row-major values. The unit of exchange between files
 * and models, independent of any NDManager or device.
 *
 * @param shape dimensions, outermost first
 * @param values row-major values; length is the product of {@code shape}
 */
public record FloatTensor(long[] shape, float[] values) {

    public FloatTensor {
        shape = shape.clone();
        if (TensorInfo.elementCount(shape) != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + TensorInfo.elementCount(shape) + " values, got " + values.length);
        }
    }

    /** A host copy of an NDArray (converted to float32 if needed). */
    public static FloatTensor of(NDArray array) {
        return new FloatTensor(array.getShape().getShape(), array.toFloatArray());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Creates an NDArray with these values on {@code manager}'s device. */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(values, new Shape(shape));
    }

    /** Whether the shape equals {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
