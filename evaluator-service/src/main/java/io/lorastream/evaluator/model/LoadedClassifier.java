package io.lorastream.evaluator.model;

import io.lorastream.evaluator.domain.Classifier;
import io.lorastream.lora.infer.Prediction;
import io.lorastream.lora.infer.TextClassifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A loaded {@link TextClassifier} with a bounded memory of its predictions by text. A champion is scored again
 * for every candidate on mostly the same held-out items; remembering its answers makes those re-scorings free.
 * Thread-safe; close it to free the model's native memory.
 */
final class LoadedClassifier implements Classifier, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoadedClassifier.class);
    /** Items scored between progress lines; a 2,000-item evaluation on a CPU takes minutes. */
    private static final int PROGRESS_CHUNK = 256;

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
        // By length before cutting chunks, so each chunk's batches pad as little as one big call's would.
        missing.sort(Comparator.comparingInt(String::length));
        Map<String, Prediction> fresh = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (int from = 0; from < missing.size(); from += PROGRESS_CHUNK) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + PROGRESS_CHUNK));
            List<Prediction> predicted = classifier.predict(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                fresh.put(chunk.get(i), predicted.get(i));
            }
            if (missing.size() > PROGRESS_CHUNK) {
                double seconds = (System.nanoTime() - started) / 1e9;
                LOG.infof("%s: scored %d of %d new items (%.1f items/s)%s", description, fresh.size(), missing.size(),
                        fresh.size() / seconds, texts.size() > missing.size() ? ", " + (texts.size() - missing.size())
                                + " remembered" : "");
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
