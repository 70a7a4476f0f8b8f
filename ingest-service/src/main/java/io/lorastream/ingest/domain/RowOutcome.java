package io.lorastream.ingest.domain;

import io.lorastream.contracts.Example;

/** What became of one incoming row. */
public sealed interface RowOutcome {

    /** A valid new example, claimed in the dedup index, to be written to train or holdout. */
    record Accepted(Example example, boolean holdout, long dedupKey) implements RowOutcome {
    }

    /** Valid, but the same content was already written for this task. */
    record Duplicate(int index, String contentHash) implements RowOutcome {
    }

    /** Invalid; the rejection says which field broke which rule. */
    record Rejected(RowRejection rejection) implements RowOutcome {
    }
}
