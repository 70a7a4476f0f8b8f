package io.lorastream.ingest.domain;

/**
 * One row cut out of a request body: either what its JSON says, or why it could not be read.
 *
 * @param index zero-based row position
 * @param row the row's fields as read, null when unreadable
 * @param problem the rule an unreadable row broke, null when readable
 * @param detail what exactly was wrong, for unreadable rows
 */
public record ParsedRow(int index, RawRow row, RejectionRule problem, String detail) {

    static ParsedRow readable(int index, RawRow row) {
        return new ParsedRow(index, row, null, null);
    }

    static ParsedRow unreadable(int index, RejectionRule problem, String detail) {
        return new ParsedRow(index, null, problem, detail);
    }

    public boolean isReadable() {
        return problem == null;
    }
}
