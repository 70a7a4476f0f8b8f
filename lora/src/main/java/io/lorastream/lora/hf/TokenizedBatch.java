package io.lorastream.lora.hf;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Token ids of a batch of texts, padded to a common length; arrays are row-major {@code [batchSize,
 * sequenceLength]}.
 *
 * @param batchSize number of texts
 * @param sequenceLength tokens per row, padding included
 * @param inputIds vocabulary ids
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param tokenTypeIds segment ids (0 for single sentences)
 */
public record TokenizedBatch(int batchSize, int sequenceLength, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {

    public TokenizedBatch {
        long cells = (long) batchSize * sequenceLength;
        if (inputIds.length != cells || attentionMask.length != cells || tokenTypeIds.length != cells) {
            throw new IllegalArgumentException("arrays must hold batchSize * sequenceLength = " + cells + " ids");
        }
    }

    /**
     * The three int64 arrays in the order the encoder takes them: input ids, attention mask, token type ids,
     * each {@code [batchSize, sequenceLength]}, created on {@code manager}'s device.
     */
    public NDList toNDList(NDManager manager) {
        Shape shape = new Shape(batchSize, sequenceLength);
        return new NDList(
                manager.create(inputIds, shape),
                manager.create(attentionMask, shape),
                manager.create(tokenTypeIds, shape));
    }

    /** Number of real (non-padding) tokens in row {@code row}. */
    public int length(int row) {
        int n = 0;
        for (int i = row * sequenceLength; i < (row + 1) * sequenceLength; i++) {
            n += (int) attentionMask[i];
        }
        return n;
    }
}
