package io.lorastream.evaluator.store;

import static io.lorastream.evaluator.store.StoreFailures.transientOnFailure;

import io.lorastream.contracts.TaskId;
import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.evaluator.domain.EvalItem;
import io.lorastream.evaluator.domain.GoldenSetException;
import io.lorastream.evaluator.domain.GoldenSetParser;
import io.lorastream.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Operator-pinned golden sets: {@code golden/<task>.jsonl} (prefix configurable), JSON Lines of
 * {@code {"text", "label"}}. Read at every evaluation, so a new golden set applies to the next candidate.
 */
@ApplicationScoped
public class S3GoldenSets {

    private final ObjectStore objects;
    private final String prefix;
    private final int maxItems;

    public S3GoldenSets(ObjectStore objects, EvaluatorConfig config) {
        this.objects = objects;
        this.prefix = config.golden().prefix();
        this.maxItems = config.golden().maxItems();
    }

    /** The key of a task's golden set. */
    public String key(String task) {
        return prefix + TaskId.require(task) + ".jsonl";
    }

    /**
     * The task's golden set, or empty when there is none.
     *
     * @throws GoldenSetException when it is unusable
     */
    public Optional<List<EvalItem>> load(String task) {
        String key = key(task);
        return transientOnFailure("read " + key, () -> objects.find(key))
                .map(bytes -> {
                    try {
                        return GoldenSetParser.parse(bytes, maxItems, null);
                    } catch (GoldenSetException e) {
                        throw new GoldenSetException(key + ": " + e.getMessage());
                    }
                });
    }

    /** The raw file, or empty. */
    public Optional<byte[]> raw(String task) {
        String key = key(task);
        return transientOnFailure("read " + key, () -> objects.find(key));
    }

    /**
     * Validates and stores a task's golden set.
     *
     * @return how many items it holds
     * @throws GoldenSetException naming the first bad line
     */
    public int put(String task, byte[] jsonl, List<String> labels) {
        int items = GoldenSetParser.parse(jsonl, maxItems, labels).size();
        String key = key(task);
        transientOnFailure("write " + key, () -> objects.put(key, jsonl, "application/x-ndjson"));
        return items;
    }

    /** Removes a task's golden set. */
    public void delete(String task) {
        String key = key(task);
        transientOnFailure("delete " + key, () -> {
            objects.delete(key);
            return null;
        });
    }
}
