package io.lorastream.lora.infer;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns PyTorch's autograd recording off on the current thread until closed, then restores what
 * was there. Autograd mode is per thread and on by default in threads DJL did not start itself, so
 * inference and optimizer updates must switch it off explicitly: inference would otherwise record a
 * graph it never uses, and in-place weight updates would be refused.
 */
public final class NoGradScope implements AutoCloseable {

    private final boolean previous;
    private final Thread owner;

    private NoGradScope() {
        this.previous = JniUtils.isGradMode();
        this.owner = Thread.currentThread();
        JniUtils.setGradMode(false);
    }

    /** Switches recording off on this thread. */
    public static NoGradScope open() {
        return new NoGradScope();
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("NoGradScope must be closed on the thread that opened it");
        }
        JniUtils.setGradMode(previous);
    }
}
