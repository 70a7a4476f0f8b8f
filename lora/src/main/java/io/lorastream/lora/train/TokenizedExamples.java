package io.lorastream.lora.train;

import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.hf.BertTokenizer;
import io.lorastream.lora.hf.TokenizedBatch;
import java.util.Arrays;
import java.util.List;

/**
 * Examples tokenized once, with their class index and loss weight, cut into padded batches on
 * demand. Tokenizing up front lets the batcher group examples by their real token length.
 */
final class TokenizedExamples {

    /** Texts per tokenizer call: large enough to amortise the native call, small enough to pad little. */
    private static final int TOKENIZE_CHUNK = 64;

    private final long[][] ids;
    private final int[] classes;
    private final float[] weights;

    private TokenizedExamples(long[][] ids, int[] classes, float[] weights) {
        this.ids = ids;
        this.classes = classes;
        this.weights = weights;
    }

    /**
     * Tokenizes {@code examples} (truncated to the tokenizer's maximum length).
     *
     * @param classWeights weight of each class index, multiplied into each example's own weight
     * @throws IllegalArgumentException naming the example whose label is not in {@code labels}
     */
    static TokenizedExamples of(List<LabeledExample> examples, LabelSet labels, BertTokenizer tokenizer,
            double[] classWeights) {
        int n = examples.size();
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = labels.indexOf(examples.get(i).label(), "example " + i);
        }
        long[][] ids = new long[n][];
        for (int start = 0; start < n; start += TOKENIZE_CHUNK) {
            int end = Math.min(start + TOKENIZE_CHUNK, n);
            List<String> texts = examples.subList(start, end).stream().map(LabeledExample::text).toList();
            TokenizedBatch batch = tokenizer.encode(texts);
            for (int row = 0; row < end - start; row++) {
                int length = batch.length(row);
                int from = row * batch.sequenceLength();
                ids[start + row] = Arrays.copyOfRange(batch.inputIds(), from, from + length);
            }
        }
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            weights[i] = (float) (examples.get(i).weight() * classWeights[classes[i]]);
        }
        return new TokenizedExamples(ids, classes, weights);
    }

    int size() {
        return ids.length;
    }

    /** Token count of each example, special tokens included. */
    int[] lengths() {
        return Arrays.stream(ids).mapToInt(a -> a.length).toArray();
    }

    int classOf(int example) {
        return classes[example];
    }

    float weightOf(int example) {
        return weights[example];
    }

    /**
     * The examples at {@code indices} as one batch, padded to {@code padTo} tokens, or to the longest
     * example in the batch when {@code padTo} is 0 (dynamic padding). Padding positions get id 0 and
     * attention mask 0; the mask keeps them out of attention, so their id does not matter.
     */
    TokenizedBatch batch(int[] indices, int padTo) {
        int length = padTo;
        if (padTo == 0) {
            for (int i : indices) {
                length = Math.max(length, ids[i].length);
            }
        }
        long[] inputIds = new long[indices.length * length];
        long[] mask = new long[indices.length * length];
        for (int row = 0; row < indices.length; row++) {
            long[] example = ids[indices[row]];
            int n = Math.min(example.length, length);
            System.arraycopy(example, 0, inputIds, row * length, n);
            Arrays.fill(mask, row * length, row * length + n, 1L);
        }
        return new TokenizedBatch(indices.length, length, inputIds, mask, new long[indices.length * length]);
    }

    /** Sum of the loss weights of the examples at {@code indices}. */
    float totalWeight(int[] indices) {
        float total = 0;
        for (int i : indices) {
            total += weights[i];
        }
        return total;
    }

    /**
     * The loss target of (part of) a batch: row i is example i's one-hot class scaled by its weight
     * divided by {@code batchWeight}, the total weight of the whole batch, so that
     * {@code -sum(target · log_softmax(logits))} summed over a batch's parts is its weighted mean
     * cross-entropy (PyTorch's {@code CrossEntropyLoss(weight=…)} convention).
     */
    float[] lossTarget(int[] indices, int numClasses, float batchWeight) {
        float[] target = new float[indices.length * numClasses];
        for (int row = 0; row < indices.length; row++) {
            target[row * numClasses + classes[indices[row]]] = weights[indices[row]] / batchWeight;
        }
        return target;
    }

    /** Total token count (padding excluded) of the examples at {@code indices}. */
    long tokens(int[] indices) {
        long sum = 0;
        for (int i : indices) {
            sum += ids[i].length;
        }
        return sum;
    }
}
