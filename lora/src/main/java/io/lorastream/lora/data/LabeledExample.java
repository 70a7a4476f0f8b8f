package io.lorastream.lora.data;

import java.util.Objects;

/**
 * One training or evaluation item: a text, its label, and how much it counts in the loss.
 *
 * @param text the input text
 * @param label the class name; must be one of the task's labels
 * @param weight multiplier of this example's loss, finite and positive (1 for ordinary examples)
 */
public record LabeledExample(String text, String label, double weight) {

    public LabeledExample {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        if (label.isBlank()) {
            throw new IllegalArgumentException("label must not be blank");
        }
        if (!(weight > 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and positive, was " + weight
                    + " (label '" + label + "')");
        }
    }

    /** An example with weight 1. */
    public static LabeledExample of(String text, String label) {
        return new LabeledExample(text, label, 1.0);
    }
}
