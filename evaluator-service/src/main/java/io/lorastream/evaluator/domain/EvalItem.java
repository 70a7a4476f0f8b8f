package io.lorastream.evaluator.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One labeled text the gate scores both models on.
 *
 * @param text the text as the model sees it
 * @param label its true label
 * @param key identity for dedup and sampling: the example's content hash (held-out items) or a hash of the
 *     line (golden items)
 * @param at when ingest accepted it (held-out items) or {@link Instant#EPOCH} (golden items)
 */
public record EvalItem(String text, String label, String key, Instant at) {

    public EvalItem {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
    }
}
