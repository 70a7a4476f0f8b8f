package io.lorastream.evaluator.domain;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;

/**
 * Candidates read from Kafka and not decided yet, in arrival order (which is offset order per partition,
 * so per task). With superseding on, the head of the queue is not evaluated when a newer valid candidate of
 * the same task waits behind it: it is decided as superseded instead, and the newest one is evaluated when
 * its turn comes. Not thread-safe: the consumer thread owns it.
 */
public final class CandidateQueue {

    /** The next candidate to decide and, when superseded, the version that overtook it. */
    public record Next(QueuedCandidate candidate, String supersededBy) {
    }

    private final ArrayDeque<QueuedCandidate> queue = new ArrayDeque<>();
    private final boolean supersede;

    public CandidateQueue(boolean supersede) {
        this.supersede = supersede;
    }

    public void add(QueuedCandidate candidate) {
        queue.addLast(candidate);
    }

    public int size() {
        return queue.size();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Removes and returns the head, marked superseded when a newer valid candidate of its task is queued. */
    public Optional<Next> poll() {
        QueuedCandidate head = queue.pollFirst();
        if (head == null) {
            return Optional.empty();
        }
        String newer = null;
        if (supersede && head.event() != null) {
            for (QueuedCandidate later : queue) {
                if (later.event() != null && later.task().equals(head.task())) {
                    newer = later.version();
                }
            }
        }
        return Optional.of(new Next(head, newer));
    }

    /** Forgets the candidates of partitions this consumer no longer owns; their new owner reads them again. */
    public void dropPartitions(Collection<Integer> partitions) {
        for (Iterator<QueuedCandidate> it = queue.iterator(); it.hasNext(); ) {
            if (partitions.contains(it.next().partition())) {
                it.remove();
            }
        }
    }
}
