package io.lorastream.evaluator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a golden set: JSON Lines, one {@code {"text": "...", "label": "..."}} object a line (an {@code id}
 * string may ride along), blank lines ignored. Every error names the line, the field and the rule.
 */
public final class GoldenSetParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("text", "label", "id");

    private GoldenSetParser() {
    }

    /**
     * @param labels the task's labels; a line with another label is an error, or null to accept any label
     * @throws GoldenSetException naming the first bad line
     */
    public static List<EvalItem> parse(byte[] jsonl, int maxItems, List<String> labels) {
        List<EvalItem> items = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(jsonl), decoder))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (items.size() == maxItems) {
                    throw new GoldenSetException("line " + number + ": more than " + maxItems
                            + " items (lorastream.evaluator.golden.max-items)");
                }
                items.add(item(number, line, labels));
            }
        } catch (CharacterCodingException e) {
            throw new GoldenSetException("the file is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (items.isEmpty()) {
            throw new GoldenSetException("the file holds no items");
        }
        return items;
    }

    private static EvalItem item(int number, String line, List<String> labels) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new GoldenSetException("line " + number + ": malformed JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new GoldenSetException("line " + number + ": must be a JSON object {\"text\": ..., \"label\": ...}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new GoldenSetException("line " + number + ": unknown field '" + field + "' (known: id, label, text)");
            }
        }
        String text = string(node, "text", number);
        String label = string(node, "label", number);
        if (labels != null && !labels.contains(label)) {
            throw new GoldenSetException("line " + number + ": label '" + label + "' is not in the task's labels " + labels);
        }
        if (node.has("id") && !node.get("id").isTextual()) {
            throw new GoldenSetException("line " + number + ": field 'id' must be a string");
        }
        return new EvalItem(text, label, "golden-line-" + number, Instant.EPOCH);
    }

    private static String string(JsonNode node, String field, int number) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new GoldenSetException("line " + number + ": field '" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw new GoldenSetException("line " + number + ": field '" + field + "' must be a string");
        }
        if (value.asText().isBlank()) {
            throw new GoldenSetException("line " + number + ": field '" + field + "' must not be blank");
        }
        return value.asText();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
