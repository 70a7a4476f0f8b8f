package io.lorastream.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row cut out of a request body: either its JSON, or why it could not be read.
 *
 * @param index zero-based row position
 * @param node the row's JSON, null when unreadable
 * @param problem the rule an unreadable row broke, null when readable
 * @param detail what exactly was wrong, for unreadable rows
 */
public record ParsedRow(int index, JsonNode node, RejectionRule problem, String detail) {

    static ParsedRow readable(int index, JsonNode node) {
        return new ParsedRow(index, node, null, null);
    }

    static ParsedRow unreadable(int index, RejectionRule problem, String detail) {
        return new ParsedRow(index, null, problem, detail);
    }

    public boolean isReadable() {
        return problem == null;
    }
}
