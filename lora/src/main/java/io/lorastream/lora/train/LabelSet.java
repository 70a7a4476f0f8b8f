package io.lorastream.lora.train;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** A task's ordered label names and their class indices. */
public final class LabelSet {

    private final List<String> labels;
    private final Map<String, Integer> indices = new HashMap<>();

    /**
     * @throws IllegalArgumentException when there are fewer than two labels, or a label is blank or repeated
     */
    public LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
        if (this.labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + this.labels);
        }
        if (new HashSet<>(this.labels).size() != this.labels.size()) {
            throw new IllegalArgumentException("labels must be distinct, got " + this.labels);
        }
        for (int i = 0; i < this.labels.size(); i++) {
            if (this.labels.get(i).isBlank()) {
                throw new IllegalArgumentException("label " + i + " is blank");
            }
            indices.put(this.labels.get(i), i);
        }
    }

    public List<String> labels() {
        return labels;
    }

    public int size() {
        return labels.size();
    }

    public String label(int index) {
        return labels.get(index);
    }

    /**
     * The class index of {@code label}.
     *
     * @param where names the item for the error message, e.g. "example 12"
     * @throws IllegalArgumentException when the label is not in the set
     */
    public int indexOf(String label, String where) {
        Integer index = indices.get(label);
        if (index == null) {
            throw new IllegalArgumentException(
                    "label '" + label + "' of " + where + " is not in the label set " + labels);
        }
        return index;
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
