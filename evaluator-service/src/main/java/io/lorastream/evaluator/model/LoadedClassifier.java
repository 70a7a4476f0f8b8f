package io.lorastream.evaluator.model;

import io.lorastream.evaluator.domain.Classifier;
import io.lorastream.lora.infer.Prediction;
import io.lorastream.lora.infer.TextClassifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded {@link TextClassifier} with a bounded memory of its predictions by text. A champion is scored again
 * for every candidate on mostly the same held-out items; remembering its answers makes those re-scorings free.
 * Thread-safe; close it to free the model's native memory.
 */
final class LoadedClassifier implements Classifier, AutoCloseable {

    private final String description;
    private final TextClassifier classifier;
    private final Map<String, Prediction> remembered;
    private final int capacity;
    private long hits;
    private long misses;

    LoadedClassifier(String description, TextClassifier classifier, int capacity) {
        this.description = description;
        this.classifier = classifier;
        this.capacity = capacity;
        this.remembered = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public synchronized List<Prediction> predict(List<String> texts) {
        Set<String> unseen = new LinkedHashSet<>();
        for (String text : texts) {
            if (!remembered.containsKey(text)) {
                unseen.add(text);
            }
        }
        List<String> missing = new ArrayList<>(unseen);
        Map<String, Prediction> fresh = new LinkedHashMap<>();
        if (!missing.isEmpty()) {
            List<Prediction> predicted = classifier.predict(missing);
            for (int i = 0; i < missing.size(); i++) {
                fresh.put(missing.get(i), predicted.get(i));
            }
        }
        List<Prediction> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            Prediction p = fresh.get(text);
            if (p == null) {
                p = remembered.get(text);
                hits++;
            } else {
                misses++;
            }
            out.add(p);
        }
        if (capacity > 0) {
            fresh.forEach(remembered::put);
            while (remembered.size() > capacity) {
                remembered.remove(remembered.keySet().iterator().next());
            }
        }
        return out;
    }

    /** Predictions answered from memory so far. */
    synchronized long hits() {
        return hits;
    }

    /** Predictions computed so far. */
    synchronized long misses() {
        return misses;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
