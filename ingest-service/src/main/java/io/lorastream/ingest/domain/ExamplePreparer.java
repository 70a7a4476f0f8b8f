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
        Checked checked = check(spec, channel, index, raw);
        if (checked instanceof Hashed row) {
            return claimed(spec, channel, row, dedup.claim(spec.task(), row.key()), clock.instant());
        }
        return ((Settled) checked).outcome();
    }

    /**
     * Prepares every row of one request. They are accepted together, so they share one
     * {@code ingestedAt} (one clock read a request, and one formatted instant for the encoder) and
     * claim their dedup keys together, under one lock.
     */
    public List<RowOutcome> prepareAll(TaskSpec spec, Channel channel, List<ParsedRow> rows) {
        Instant ingestedAt = clock.instant();
        Checked[] checked = new Checked[rows.size()];
        int hashedRows = 0;
        for (int i = 0; i < checked.length; i++) {
            ParsedRow row = rows.get(i);
            checked[i] = row.isReadable() ? check(spec, channel, row.index(), row.row())
                    : new Settled(unparsable(spec, channel, row.index(), row.problem(), row.detail()));
            if (checked[i] instanceof Hashed) {
                hashedRows++;
            }
        }
        long[] keys = new long[hashedRows];
        for (int i = 0, k = 0; i < checked.length; i++) {
            if (checked[i] instanceof Hashed row) {
                keys[k++] = row.key();
            }
        }
        boolean[] fresh = dedup.claimAll(spec.task(), keys);
        List<RowOutcome> outcomes = new ArrayList<>(checked.length);
        for (int i = 0, k = 0; i < checked.length; i++) {
            outcomes.add(checked[i] instanceof Hashed row ? claimed(spec, channel, row, fresh[k++], ingestedAt)
                    : ((Settled) checked[i]).outcome());
        }
        return outcomes;
    }

    /** A row after validation: hashed and waiting for its dedup claim, or settled already (rejected). */
    private sealed interface Checked permits Hashed, Settled {
    }

    /** A valid row with its final text and content hash, before its dedup claim. */
    private record Hashed(int index, FeedbackRow row, String text, byte[] hash, String hex, long key)
            implements Checked {
    }

    private record Settled(RowOutcome outcome) implements Checked {
    }

    /** Validates, masks and hashes a row. */
    private Checked check(TaskSpec spec, Channel channel, int index, RawRow raw) {
        RowValidator.Outcome outcome = validator.validate(index, raw, spec);
        if (!outcome.isValid()) {
            observer.rejected(spec.task(), channel, outcome.rejection().rule());
            return new Settled(new RowOutcome.Rejected(outcome.rejection()));
        }
        FeedbackRow row = outcome.row();
        String text = row.text();
        if (spec.maskPii()) {
            PiiMasker.Result masked = PiiMasker.mask(text);
            masked.counts().forEach((kind, count) -> observer.piiMasked(spec.task(), kind, count));
            text = masked.text();
        }
        byte[] hash = ContentHasher.hash(text);
        return new Hashed(index, row, text, hash, ContentHasher.hex(hash), ContentHasher.dedupKey(hash));
    }

    /** The outcome of a hashed row once its claim is known: a duplicate, or the example to write. */
    private RowOutcome claimed(TaskSpec spec, Channel channel, Hashed hashed, boolean fresh, Instant ingestedAt) {
        if (!fresh) {
            observer.duplicate(spec.task(), channel);
            return new RowOutcome.Duplicate(hashed.index(), hashed.hex());
        }
        FeedbackRow row = hashed.row();
        boolean holdout = HoldoutSplitter.isHoldout(hashed.hash(), spec.holdoutShare());
        Example example = new Example(SchemaVersion.CURRENT, spec.task(), row.id() != null ? row.id() : hashed.hex(),
                hashed.text(), row.label(), row.weight() != null ? row.weight() : 1.0, row.source(), row.timestamp(),
                hashed.hex(), ingestedAt);
        return new RowOutcome.Accepted(example, holdout, hashed.key());
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
