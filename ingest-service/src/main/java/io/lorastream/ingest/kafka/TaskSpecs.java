package io.lorastream.ingest.kafka;

import io.lorastream.contracts.TaskSpec;
import io.lorastream.ingest.domain.TaskCatalog;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import java.util.Optional;

/**
 * The task catalog as the service-kit's follower of the compacted tasks topic keeps it: read from the
 * beginning without a consumer group for the life of the process (a committed offset would skip the
 * replay that rebuilds it after a restart); a changed spec applies to the next row.
 */
public record TaskSpecs(CompactedTopicFollower<TaskSpec> follower) implements TaskCatalog {

    @Override
    public Optional<TaskSpec> find(String task) {
        return follower.find(task);
    }

    @Override
    public int size() {
        return follower.all().size();
    }
}
