package io.lorastream.evaluator.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ContractViolationException;
import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.VersionId;
import java.io.IOException;

/**
 * A record of the candidates topic waiting for its decision: where it is, and what could be read from it.
 *
 * @param partition its partition
 * @param offset its offset
 * @param event the candidate, or null when the record is not a valid {@code CandidateEvent}
 * @param task the task id read from the record even when it is invalid otherwise, or null
 * @param version the version id read likewise, or null
 * @param problem why {@code event} is null, else null
 */
public record QueuedCandidate(int partition, long offset, CandidateEvent event, String task, String version,
                              String problem) {

    /** Reads a record's value; never throws. */
    public static QueuedCandidate read(int partition, long offset, byte[] value) {
        if (value == null || value.length == 0) {
            return new QueuedCandidate(partition, offset, null, null, null, "the record has no value");
        }
        try {
            CandidateEvent event = ContractJson.fromBytes(value, CandidateEvent.class);
            return new QueuedCandidate(partition, offset, event, event.task(), event.version(), null);
        } catch (ContractViolationException e) {
            String task = null;
            String version = null;
            try {
                var node = ContractJson.mapper().readTree(value);
                if (node != null && node.isObject()) {
                    task = TaskId.isValid(node.path("task").asText(null)) ? node.path("task").asText() : null;
                    version = VersionId.isValid(node.path("version").asText(null)) ? node.path("version").asText() : null;
                }
            } catch (IOException | RuntimeException unreadable) {
                // not JSON at all: neither id can be salvaged
            }
            return new QueuedCandidate(partition, offset, null, task, version, e.getMessage());
        }
    }

    /** True when a rejection can be addressed to it: its task and version are known even if the rest is invalid. */
    public boolean addressable() {
        return task != null && version != null;
    }
}
