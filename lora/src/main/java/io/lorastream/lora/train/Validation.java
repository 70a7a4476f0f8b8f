package io.lorastream.lora.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lorastream.lora.infer.NoGradScope;
import io.lorastream.lora.model.LoraBertClassifier;
import io.lorastream.lora.metrics.ArgMax;
import java.util.Arrays;
import java.util.Comparator;

/** Scores the model on the validation split: weighted cross-entropy and accuracy, without gradients. */
final class Validation {

    record Outcome(double loss, double accuracy) {
    }

    private Validation() {
    }

    static Outcome run(LoraBertClassifier model, TokenizedExamples examples, int batchSize, int padTo, int numClasses) {
        double weightedLoss = 0;
        double totalWeight = 0;
        int correct = 0;
        int[] lengths = examples.lengths();
        // Sorted by length so that padding stays small; order does not matter for the averages.
        Integer[] order = new Integer[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        try (NoGradScope noGrad = NoGradScope.open()) {
            for (int start = 0; start < order.length; start += batchSize) {
                int[] batch = new int[Math.min(batchSize, order.length - start)];
                for (int j = 0; j < batch.length; j++) {
                    batch[j] = order[start + j];
                }
                float[] logits;
                try (NDManager batchManager = model.manager().newSubManager()) {
                    NDArray out = model.logits(examples.batch(batch, padTo), batchManager, false);
                    logits = out.toFloatArray();
                }
                for (int j = 0; j < batch.length; j++) {
                    float[] row = new float[numClasses];
                    System.arraycopy(logits, j * numClasses, row, 0, numClasses);
                    int actual = examples.classOf(batch[j]);
                    double weight = examples.weightOf(batch[j]);
                    weightedLoss += weight * crossEntropy(row, actual);
                    totalWeight += weight;
                    if (ArgMax.of(row) == actual) {
                        correct++;
                    }
                }
            }
        }
        return new Outcome(weightedLoss / totalWeight, (double) correct / examples.size());
    }

    /** {@code logsumexp(logits) − logits[actual]}, computed stably in double precision. */
    static double crossEntropy(float[] logits, int actual) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum) - logits[actual];
    }
}
