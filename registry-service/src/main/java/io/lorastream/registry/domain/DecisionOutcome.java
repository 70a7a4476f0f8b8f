package io.lorastream.registry.domain;

import java.time.Instant;

/**
 * What the registry did with one of the evaluator's decisions, kept in the object store so that
 * every replica (and every restart) shows it, and so that a re-delivered decision is recognized.
 *
 * @param task task id
 * @param version the judged candidate
 * @param decidedAt the decision's {@code decidedAt}: identifies which decision this is the outcome of
 * @param outcome what happened
 * @param detail a sentence saying why (empty for a plain promotion)
 * @param handledAt when the registry finished with it
 */
public record DecisionOutcome(String task, String version, Instant decidedAt, Outcome outcome, String detail,
                              Instant handledAt) {

    /** What became of a decision. */
    public enum Outcome {
        /** Approved, files promoted, made champion. */
        PROMOTED,
        /** Approved and files promoted, but judged against a champion that had been replaced since: not made champion. */
        STALE,
        /** Approved, but the files could not be promoted (missing candidate, SHA-256 mismatch, unsafe names). */
        FAILED,
        /** Not approved: nothing promoted. Not stored; the decisions topic keeps it. */
        REJECTED
    }
}
