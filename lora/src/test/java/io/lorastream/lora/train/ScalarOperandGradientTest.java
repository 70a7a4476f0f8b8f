package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards a DJL PyTorch pitfall the training path must avoid. {@code array.mul(1.5f)} wraps the
 * number in a temporary CPU tensor that shares a Java direct buffer, and closes it right after the
 * operation; autograd keeps that tensor to compute the backward pass, but once the garbage collector
 * frees the buffer the backward pass reads freed memory and returns garbage gradients (observed here:
 * 13 of 20 trials, values like -3.3e34, 6.9e-41, NaN in real training). Scalars on the gradient path
 * must therefore be NDArrays attached to the batch's manager, which stays open until after
 * {@code backward}. This test checks that safe form under the same memory pressure.
 */
class ScalarOperandGradientTest {

    @Test
    void scalarAttachedToTheBatchManagerSurvivesGarbageCollectionBeforeBackward() {
        try (NDManager model = Engine.getInstance().newBaseManager()) {
            NDArray weight = model.create(new float[] {1, 2, 3});
            weight.setRequiresGradient(true);
            for (int trial = 0; trial < 20; trial++) {
                try (NDManager batch = model.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray scale = batch.create(1.5f);
                    NDArray loss = weight.mul(scale).sum();
                    reuseFreedDirectMemory();
                    collector.backward(loss);
                    loss.close();
                }
                try (NDArray grad = weight.getGradient()) {
                    assertThat(grad.toFloatArray()).as("trial %d", trial).containsExactly(1.5f, 1.5f, 1.5f);
                    grad.subi(grad);
                }
            }
        }
    }

    /** Collects unreachable direct buffers and refills their memory with NaN. */
    private static void reuseFreedDirectMemory() {
        System.gc();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            b.putFloat(0, Float.NaN);
            junk.add(b);
        }
    }
}
