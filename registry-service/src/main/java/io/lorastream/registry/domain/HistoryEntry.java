package io.lorastream.registry.domain;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.SchemaVersion;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One change of a task's champion in the durable champion history: who made which version
 * champion, when and why. Entries are numbered per task without gaps; the last one is the champion.
 *
 * @param seq position in the task's history, from 1
 * @param task task id
 * @param version the new champion
 * @param previousVersion the champion it replaced, or null for the first
 * @param kind what made the change
 * @param reason why, in words (for approvals: the checks that passed)
 * @param actor who: {@code evaluator} for approvals, the admin token's name for manual changes
 * @param baseModel base model the adapter applies to
 * @param objectPrefix where the promoted files are ({@code adapters/<task>/<version>/})
 * @param files file name → hex SHA-256 of every adapter file
 * @param promotedAt when the change was made; strictly later than the previous entry's
 * @param decidedAt for approvals, the decision's {@code decidedAt} (identifies the decision); else null
 */
public record HistoryEntry(long seq, String task, String version, String previousVersion, Kind kind, String reason,
                           String actor, String baseModel, String objectPrefix, Map<String, String> files,
                           Instant promotedAt, Instant decidedAt) {

    /** What made a champion change. */
    public enum Kind {
        /** The evaluator approved the candidate against the champion of the time. */
        APPROVED,
        /** An admin made an approved version champion that never was one before. */
        PROMOTION,
        /** An admin restored a version that had been champion before. */
        ROLLBACK
    }

    public HistoryEntry {
        files = Map.copyOf(new TreeMap<>(files));
    }

    /** The record that announces this change on the champions topic. */
    public ChampionEvent toEvent() {
        return new ChampionEvent(SchemaVersion.CURRENT, task, version, previousVersion, eventReason(), baseModel,
                objectPrefix, files, promotedAt);
    }

    private String eventReason() {
        return switch (kind) {
            case APPROVED -> reason;
            case PROMOTION -> "promotion by " + actor + ": " + reason;
            case ROLLBACK -> "rollback by " + actor + ": " + reason;
        };
    }
}
