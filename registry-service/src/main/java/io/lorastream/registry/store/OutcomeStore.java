package io.lorastream.registry.store;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.VersionId;
import io.lorastream.registry.domain.DecisionOutcome;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the registry did with each decision, one object per judged version:
 * {@code adapters/<task>/decision-outcomes/<version>.json}. Any replica may have handled a decision,
 * so every replica reads them from here (listings cached for a short TTL). Thread-safe.
 */
public final class OutcomeStore {

    private final ObjectStore objects;
    private final Duration cacheTtl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private static final class Cached {
        final Map<String, DecisionOutcome> byVersion = new HashMap<>();
        final Map<String, Instant> modified = new HashMap<>();
        Instant listedAt = Instant.MIN;
    }

    public OutcomeStore(ObjectStore objects, Duration cacheTtl, Clock clock) {
        this.objects = objects;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    static String prefix(String task) {
        return "adapters/" + TaskId.require(task) + "/decision-outcomes/";
    }

    /** Records an outcome, replacing the version's earlier one (a later decision on the same version). */
    public void put(DecisionOutcome outcome) {
        objects.put(prefix(outcome.task()) + VersionId.require(outcome.version()) + ".json", ContractJson.toBytes(outcome),
                "application/json");
        Cached cached = cache.computeIfAbsent(outcome.task(), t -> new Cached());
        synchronized (cached) {
            cached.byVersion.put(outcome.version(), outcome);
        }
    }

    public Optional<DecisionOutcome> find(String task, String version, boolean fresh) {
        return Optional.ofNullable(all(task, fresh).get(version));
    }

    /** Every recorded outcome of the task, by version. */
    public Map<String, DecisionOutcome> all(String task, boolean fresh) {
        Cached cached = cache.computeIfAbsent(task, t -> new Cached());
        synchronized (cached) {
            Instant now = clock.instant();
            if (fresh || cached.listedAt.plus(cacheTtl).isBefore(now)) {
                String prefix = prefix(task);
                for (StoredObject object : objects.list(prefix)) {
                    String name = object.key().substring(prefix.length());
                    if (!name.endsWith(".json") || !VersionId.isValid(name.substring(0, name.length() - 5))) {
                        continue;
                    }
                    String version = name.substring(0, name.length() - 5);
                    // Re-read only what changed since the last listing (a version judged again).
                    if (!cached.byVersion.containsKey(version) || !Objects.equals(object.lastModified(), cached.modified.get(version))) {
                        cached.byVersion.put(version, ContractJson.fromBytes(objects.getBytes(object.key()), DecisionOutcome.class));
                        cached.modified.put(version, object.lastModified());
                    }
                }
                cached.listedAt = now;
            }
            return Map.copyOf(cached.byVersion);
        }
    }
}
