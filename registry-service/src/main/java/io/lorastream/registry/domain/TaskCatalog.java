package io.lorastream.registry.domain;

import io.lorastream.contracts.TaskSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The task specs as the compacted tasks topic has them now. Thread-safe. */
public final class TaskCatalog {

    private final ConcurrentHashMap<String, TaskSpec> tasks = new ConcurrentHashMap<>();

    public void put(TaskSpec spec) {
        tasks.put(spec.task(), spec);
    }

    public void remove(String task) {
        tasks.remove(task);
    }

    public Optional<TaskSpec> find(String task) {
        return Optional.ofNullable(tasks.get(task));
    }

    public boolean contains(String task) {
        return tasks.containsKey(task);
    }

    /** Every spec, by task id. */
    public List<TaskSpec> all() {
        return tasks.values().stream().sorted(Comparator.comparing(TaskSpec::task)).toList();
    }
}
