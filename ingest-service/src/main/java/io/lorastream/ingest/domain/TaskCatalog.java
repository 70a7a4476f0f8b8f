package io.lorastream.ingest.domain;

import io.lorastream.contracts.TaskSpec;
import java.util.Map;
import java.util.Optional;

/** The current spec of every known task, as last read from the compacted tasks topic. */
public interface TaskCatalog {

    /** The spec of {@code task}, if the task is known. */
    Optional<TaskSpec> find(String task);

    /** How many tasks are known. */
    int size();

    /** A catalog that never changes, of the given specs (for tests and tools that know their tasks). */
    static TaskCatalog of(TaskSpec... specs) {
        Map<String, TaskSpec> byTask = new java.util.HashMap<>();
        for (TaskSpec spec : specs) {
            byTask.put(spec.task(), spec);
        }
        Map<String, TaskSpec> fixed = Map.copyOf(byTask);
        return new TaskCatalog() {
            @Override
            public Optional<TaskSpec> find(String task) {
                return Optional.ofNullable(fixed.get(task));
            }

            @Override
            public int size() {
                return fixed.size();
            }
        };
    }
}
