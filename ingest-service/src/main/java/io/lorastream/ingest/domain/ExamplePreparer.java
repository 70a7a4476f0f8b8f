package io.lorastream.ingest.domain;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one untrusted row into an {@link Example}: validates it against the task, masks PII when
 * the task asks for it, hashes the content, claims it in the dedup index and picks its split.
 */
public final class ExamplePreparer {

    private final RowValidator validator;
    private final DedupIndex dedup;
    private final IngestObserver observer;
    private final Clock clock;

    public ExamplePreparer(RowValidator validator, DedupIndex dedup, IngestObserver observer, Clock clock) {
        this.validator = validator;
        this.dedup = dedup;
        this.observer = observer;
        this.clock = clock;
    }

    /** Prepares the row at {@code index}; an accepted row's dedup key is claimed until released. */
    public RowOutcome prepare(TaskSpec spec, Channel channel, int index, RawRow raw) {
        return prepare(spec, channel, index, raw, clock.instant());
    }

    /**
     * Prepares every row of one request. They are accepted together, so they share one
     * {@code ingestedAt}: one clock read a request, and one formatted instant for the encoder.
     */
    public List<RowOutcome> prepareAll(TaskSpec spec, Channel channel, List<ParsedRow> rows) {
        Instant ingestedAt = clock.instant();
        List<RowOutcome> outcomes = new ArrayList<>(rows.size());
        for (ParsedRow row : rows) {
            outcomes.add(row.isReadable() ? prepare(spec, channel, row.index(), row.row(), ingestedAt)
                    : unparsable(spec, channel, row.index(), row.problem(), row.detail()));
        }
        return outcomes;
    }

    private RowOutcome prepare(TaskSpec spec, Channel channel, int index, RawRow raw, Instant ingestedAt) {
        RowValidator.Outcome outcome = validator.validate(index, raw, spec);
        if (!outcome.isValid()) {
            observer.rejected(spec.task(), channel, outcome.rejection().rule());
            return new RowOutcome.Rejected(outcome.rejection());
        }
        FeedbackRow row = outcome.row();
        String text = row.text();
        if (spec.maskPii()) {
            PiiMasker.Result masked = PiiMasker.mask(text);
            masked.counts().forEach((kind, count) -> observer.piiMasked(spec.task(), kind, count));
            text = masked.text();
        }
        byte[] hash = ContentHasher.hash(text);
        String hex = ContentHasher.hex(hash);
        long key = ContentHasher.dedupKey(hash);
        if (!dedup.claim(spec.task(), key)) {
            observer.duplicate(spec.task(), channel);
            return new RowOutcome.Duplicate(index, hex);
        }
        boolean holdout = HoldoutSplitter.isHoldout(hash, spec.holdoutShare());
        Example example = new Example(SchemaVersion.CURRENT, spec.task(), row.id() != null ? row.id() : hex,
                text, row.label(), row.weight() != null ? row.weight() : 1.0, row.source(), row.timestamp(), hex,
                ingestedAt);
        return new RowOutcome.Accepted(example, holdout, key);
    }

    /** Gives back the claim of an accepted row whose write failed. */
    public void release(RowOutcome.Accepted accepted) {
        dedup.release(accepted.example().task(), accepted.dedupKey());
    }

    /** Rejects a row that could not even be parsed (an NDJSON line that is not JSON or not UTF-8). */
    public RowOutcome unparsable(TaskSpec spec, Channel channel, int index, RejectionRule rule, String detail) {
        RowRejection rejection = RowRejection.of(index, RowRejection.WHOLE_ROW, rule, detail);
        observer.rejected(spec.task(), channel, rejection.rule());
        return new RowOutcome.Rejected(rejection);
    }
}
