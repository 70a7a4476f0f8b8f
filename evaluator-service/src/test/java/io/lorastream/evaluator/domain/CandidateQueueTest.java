package io.lorastream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.OffsetRange;
import io.lorastream.contracts.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateQueueTest {

    static byte[] candidate(String task, String version) {
        return ContractJson.toBytes(new CandidateEvent(SchemaVersion.CURRENT, task, version, "m", "sha", ObjectLayout
                .candidatePrefix(task, version), Map.of("adapter_config.json", "x"), List.of(new OffsetRange(
                "lorastream.examples.train", 0, 0, 9)), 10, null, 0.5, Instant.parse("2026-01-01T00:00:00Z")));
    }

    private static QueuedCandidate queued(int offset, String task, String version) {
        return QueuedCandidate.read(0, offset, candidate(task, version));
    }

    @Test
    void anOlderCandidateIsSupersededByTheNewestQueuedOneOfItsTask() {
        CandidateQueue queue = new CandidateQueue(true);
        queue.add(queued(0, "a", "v20260101T000000Z-1"));
        queue.add(queued(1, "b", "v20260101T000000Z-2"));
        queue.add(queued(2, "a", "v20260101T000000Z-3"));
        queue.add(queued(3, "a", "v20260101T000000Z-4"));

        assertThat(queue.poll().orElseThrow().supersededBy()).isEqualTo("v20260101T000000Z-4");
        assertThat(queue.poll().orElseThrow().supersededBy()).isNull();
        assertThat(queue.poll().orElseThrow().supersededBy()).isEqualTo("v20260101T000000Z-4");
        CandidateQueue.Next last = queue.poll().orElseThrow();
        assertThat(last.candidate().version()).isEqualTo("v20260101T000000Z-4");
        assertThat(last.supersededBy()).isNull();
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void withoutSupersedingEveryCandidateIsEvaluatedInOrder() {
        CandidateQueue queue = new CandidateQueue(false);
        queue.add(queued(0, "a", "v20260101T000000Z-1"));
        queue.add(queued(1, "a", "v20260101T000000Z-2"));
        assertThat(queue.poll().orElseThrow().supersededBy()).isNull();
        assertThat(queue.poll().orElseThrow().candidate().offset()).isEqualTo(1);
    }

    @Test
    void anInvalidRecordNeverSupersedesAValidCandidate() {
        CandidateQueue queue = new CandidateQueue(true);
        queue.add(queued(0, "a", "v20260101T000000Z-1"));
        queue.add(QueuedCandidate.read(0, 1, "{\"task\":\"a\",\"version\":\"v20260101T000000Z-2\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(queue.poll().orElseThrow().supersededBy()).isNull();
        QueuedCandidate invalid = queue.poll().orElseThrow().candidate();
        assertThat(invalid.event()).isNull();
        assertThat(invalid.addressable()).isTrue();
        assertThat(invalid.problem()).contains("CandidateEvent").contains("required");
    }

    @Test
    void revokedPartitionsLeaveTheQueue() {
        CandidateQueue queue = new CandidateQueue(true);
        queue.add(QueuedCandidate.read(1, 0, candidate("a", "v20260101T000000Z-1")));
        queue.add(QueuedCandidate.read(2, 0, candidate("b", "v20260101T000000Z-2")));
        queue.dropPartitions(List.of(1));
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.poll().orElseThrow().candidate().task()).isEqualTo("b");
    }

    @Test
    void notJsonAtAllIsUnaddressable() {
        QueuedCandidate garbage = QueuedCandidate.read(0, 0, new byte[] {1, 2, 3});
        assertThat(garbage.addressable()).isFalse();
        assertThat(garbage.problem()).isNotBlank();
    }
}
