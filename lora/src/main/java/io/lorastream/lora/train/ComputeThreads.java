package io.lorastream.lora.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets PyTorch's CPU thread pools. The setting is process-wide, like the
 * {@code ai.djl.pytorch.num_threads} / {@code num_interop_threads} system properties it mirrors.
 */
public final class ComputeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeThreads.class);

    private ComputeThreads() {
    }

    /**
     * Applies the thread counts; 0 leaves a pool as it is.
     *
     * @param intraOp threads inside one operation (matrix multiplies); usually the core count
     * @param interOp threads running independent operations in parallel
     */
    public static void apply(int intraOp, int interOp) {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be non-negative, got intraOp=" + intraOp
                    + ", interOp=" + interOp);
        }
        Engine.getInstance(); // loads libtorch before calling into it
        if (intraOp > 0 && JniUtils.getNumThreads() != intraOp) {
            JniUtils.setNumThreads(intraOp);
        }
        if (interOp > 0 && JniUtils.getNumInteropThreads() != interOp) {
            try {
                JniUtils.setNumInteropThreads(interOp);
            } catch (RuntimeException e) {
                // PyTorch allows this only before its first parallel work; the pool keeps its size.
                LOG.warn("cannot change PyTorch inter-op threads to {} now ({}); keeping {}", interOp, e.getMessage(),
                        JniUtils.getNumInteropThreads());
            }
        }
    }

    /** Current intra-op thread count. */
    public static int intraOp() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
