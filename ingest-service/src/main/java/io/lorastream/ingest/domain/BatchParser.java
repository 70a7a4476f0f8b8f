package io.lorastream.ingest.domain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a request body into rows: a JSON array of objects, or NDJSON (one object a line). A JSON
 * array is one document, so a syntax error or bad UTF-8 refuses the body; in NDJSON each line stands
 * alone, so a bad line only rejects that row.
 */
public final class BatchParser {

    private final int maxRows;

    /** @param maxRows most rows a body may hold */
    public BatchParser(int maxRows) {
        this.maxRows = maxRows;
    }

    /** Rows of a JSON array body. */
    public List<ParsedRow> parseJsonArray(byte[] body) {
        requireNotEmpty(body);
        long bad = Utf8.firstInvalidByte(body, 0, body.length);
        if (bad >= 0) {
            throw new BodyRejectedException(400, "(body)", RejectionRule.INVALID_UTF8.code(),
                    "the body must be valid UTF-8: invalid byte at offset " + bad);
        }
        List<ParsedRow> rows = new ArrayList<>();
        try (JsonParser parser = RowReader.JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw emptyBody();
            }
            if (first != JsonToken.START_ARRAY) {
                throw new BodyRejectedException(400, "(body)", "not_an_array",
                        "the body must be a JSON array of examples, or NDJSON sent as application/x-ndjson");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw new BodyRejectedException(400, "(body)", RejectionRule.MALFORMED_JSON.code(),
                            "the body ends before its JSON array is closed");
                }
                checkRowCount(rows.size() + 1);
                rows.add(ParsedRow.readable(rows.size(), RowReader.read(parser)));
            }
            if (parser.nextToken() != null) {
                throw new BodyRejectedException(400, "(body)", RejectionRule.MALFORMED_JSON.code(),
                        "the body has content after its JSON array" + at(parser.currentLocation()));
            }
        } catch (JsonProcessingException e) {
            throw new BodyRejectedException(400, "(body)", RejectionRule.MALFORMED_JSON.code(),
                    "the body is not well-formed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BodyRejectedException(400, "(body)", RejectionRule.MALFORMED_JSON.code(),
                    "the body could not be read: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new BodyRejectedException(400, "(body)", "no_rows", "the body holds no examples");
        }
        return rows;
    }

    /** Rows of an NDJSON body; blank lines are skipped. */
    public List<ParsedRow> parseNdjson(byte[] body) {
        requireNotEmpty(body);
        List<ParsedRow> rows = new ArrayList<>();
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
            if (!isBlank(body, start, lineEnd)) {
                checkRowCount(rows.size() + 1);
                rows.add(parseLine(rows.size(), body, start, lineEnd));
            }
            start = end + 1;
        }
        if (rows.isEmpty()) {
            throw new BodyRejectedException(400, "(body)", "no_rows", "the body holds no examples");
        }
        return rows;
    }

    private static ParsedRow parseLine(int index, byte[] body, int from, int to) {
        long bad = Utf8.firstInvalidByte(body, from, to);
        if (bad >= 0) {
            return ParsedRow.unreadable(index, RejectionRule.INVALID_UTF8, "invalid byte at line offset " + (bad - from));
        }
        try {
            return ParsedRow.readable(index, RowReader.readOne(body, from, to - from));
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return ParsedRow.unreadable(index, RejectionRule.MALFORMED_JSON, ErrorText.firstLine(message));
        }
    }

    /**
     * One Kafka record's value: a single row, judged like an NDJSON line (UTF-8 first, then JSON).
     *
     * @return the row, or why it could not be read (detail names the byte or the JSON error)
     */
    public static ParsedRow parseRecord(byte[] value) {
        long bad = Utf8.firstInvalidByte(value, 0, value.length);
        if (bad >= 0) {
            return ParsedRow.unreadable(0, RejectionRule.INVALID_UTF8, "at byte " + bad);
        }
        try {
            return ParsedRow.readable(0, RowReader.readOne(value));
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return ParsedRow.unreadable(0, RejectionRule.MALFORMED_JSON, ErrorText.firstLine(message));
        }
    }

    private void checkRowCount(int rows) {
        if (rows > maxRows) {
            throw new BodyRejectedException(413, "(body)", "too_many_rows",
                    "the body holds more than " + maxRows + " examples; send them in smaller batches");
        }
    }

    private static void requireNotEmpty(byte[] body) {
        if (body.length == 0 || isBlank(body, 0, body.length)) {
            throw emptyBody();
        }
    }

    private static BodyRejectedException emptyBody() {
        return new BodyRejectedException(400, "(body)", "empty_body", "the body is empty; send a JSON array or NDJSON");
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
