package io.lorastream.ingest.domain;

import io.lorastream.contracts.TaskSpec;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The current spec of every known task, as last read from the compacted tasks topic. */
public final class TaskCatalog {

    private final ConcurrentMap<String, TaskSpec> specs = new ConcurrentHashMap<>();

    /** The spec of {@code task}, if the task is known. */
    public Optional<TaskSpec> find(String task) {
        return Optional.ofNullable(specs.get(task));
    }

    /** Records a new or changed spec. */
    public void put(TaskSpec spec) {
        specs.put(spec.task(), spec);
    }

    /** Forgets a task (a tombstone on the tasks topic). */
    public void remove(String task) {
        specs.remove(task);
    }

    /** Every known spec. */
    public Collection<TaskSpec> all() {
        return List.copyOf(specs.values());
    }
}
