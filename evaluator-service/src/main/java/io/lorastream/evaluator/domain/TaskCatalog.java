package io.lorastream.evaluator.domain;

import io.lorastream.contracts.TaskSpec;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The task specs known from {@code lorastream.tasks}, by task id. Thread-safe. */
public final class TaskCatalog {

    private final ConcurrentHashMap<String, TaskSpec> specs = new ConcurrentHashMap<>();

    public void put(TaskSpec spec) {
        specs.put(spec.task(), spec);
    }

    public void remove(String task) {
        specs.remove(task);
    }

    public Optional<TaskSpec> find(String task) {
        return Optional.ofNullable(specs.get(task));
    }

    public int size() {
        return specs.size();
    }
}
