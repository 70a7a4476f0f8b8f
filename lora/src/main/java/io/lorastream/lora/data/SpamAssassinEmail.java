package io.lorastream.lora.data;

/**
 * One mail of the SpamAssassin corpus.
 *
 * @param id the mail's number within its group, e.g. {@code 00042}
 * @param group the group it belongs to
 * @param md5 MD5 of the original message file, as published with the corpus
 * @param raw the full message, headers included
 */
public record SpamAssassinEmail(String id, SpamAssassinGroup group, String md5, String raw) {

    /** {@link SpamAssassinGroup#SPAM} or {@link SpamAssassinGroup#HAM}. */
    public String label() {
        return group.label();
    }

    /** The subject and readable body, see {@link EmailText}. */
    public String text() {
        return EmailText.subjectAndBody(raw);
    }

    /** A training example of {@link #text()} with this mail's label and weight 1. */
    public LabeledExample toExample() {
        return LabeledExample.of(text(), label());
    }
}
