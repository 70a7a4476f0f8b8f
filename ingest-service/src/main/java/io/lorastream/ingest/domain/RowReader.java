package io.lorastream.ingest.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads one row's JSON straight from a streaming parser into a {@link RawRow}: no tree of nodes
 * and no field map per row (building a {@code JsonNode} per row and looking its fields up again was a
 * visible part of the ingest profile). Values of unknown fields and of fields with the wrong type are
 * skipped, not read; syntax errors are the parser's {@link IOException}s.
 */
public final class RowReader {

    static final JsonFactory JSON = new JsonFactory();

    private RowReader() {
    }

    /** Reads the value that starts at the parser's current token; leaves the parser on its last token. */
    static RawRow read(JsonParser parser) throws IOException {
        JsonToken first = parser.currentToken();
        if (first != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return RawRow.notAnObject(typeName(first));
        }
        RawRow row = RawRow.object();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            RawRow.Field field = RawRow.Field.of(name);
            if (field == null) {
                row.unknown(name);
                parser.skipChildren();
            } else if (value == JsonToken.VALUE_NULL) {
                row.set(field, null);
            } else if (field == RawRow.Field.WEIGHT) {
                if (value.isNumeric()) {
                    // A number beyond double's range reads as infinity, which the weight range refuses.
                    row.set(field, parser.getDoubleValue());
                } else {
                    row.setWrongType(field, typeName(value));
                    parser.skipChildren();
                }
            } else if (value == JsonToken.VALUE_STRING) {
                row.set(field, parser.getText());
            } else {
                row.setWrongType(field, typeName(value));
                parser.skipChildren();
            }
        }
        return row;
    }

    /**
     * Reads a whole document that must hold exactly one JSON value (an NDJSON line, a Kafka record).
     *
     * @throws IOException when it is not well-formed JSON, or holds more than one value
     */
    public static RawRow readOne(byte[] json, int offset, int length) throws IOException {
        try (JsonParser parser = JSON.createParser(json, offset, length)) {
            if (parser.nextToken() == null) {
                throw new IOException("no JSON value");
            }
            RawRow row = read(parser);
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
            return row;
        }
    }

    /** {@link #readOne(byte[], int, int)} of a whole array. */
    public static RawRow readOne(byte[] json) throws IOException {
        return readOne(json, 0, json.length);
    }

    /** The JSON type of a value's first token, as messages name it. */
    static String typeName(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }
}
