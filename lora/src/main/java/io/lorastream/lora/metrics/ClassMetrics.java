package io.lorastream.lora.metrics;

/**
 * Precision, recall, F1 and support of one class.
 *
 * @param label the class name
 * @param precision TP / (TP + FP), 0 when the class is never predicted
 * @param recall TP / (TP + FN), 0 when the class has no support
 * @param f1 harmonic mean of precision and recall, 0 when both are 0
 * @param support number of items whose true class this is
 */
public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
}
