package io.lorastream.trainer.store;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.store.ObjectStore;
import io.lorastream.trainer.domain.ReplayReservoir;

/** A task's replay reservoir in the object store, {@code replay/<task>/reservoir.json}. */
public final class ReplayRepository {

    static final String FILE = "reservoir.json";

    private final ObjectStore objects;

    public ReplayRepository(ObjectStore objects) {
        this.objects = objects;
    }

    /** The task's reservoir, or an empty one of {@code capacity} when it has none yet. */
    public ReplayReservoir load(String task, int capacity) {
        return objects.find(key(task))
                .map(bytes -> ContractJson.fromBytes(bytes, ReplayReservoir.class))
                .map(r -> r.capacity() == capacity ? r
                        : new ReplayReservoir(r.appliedVersion(), capacity, r.seenByLabel(), r.itemsByLabel()))
                .orElseGet(() -> ReplayReservoir.empty(capacity));
    }

    public void save(String task, ReplayReservoir reservoir) {
        objects.put(key(task), ContractJson.toBytes(reservoir), "application/json");
    }

    private static String key(String task) {
        return ObjectLayout.replayPrefix(task) + FILE;
    }
}
