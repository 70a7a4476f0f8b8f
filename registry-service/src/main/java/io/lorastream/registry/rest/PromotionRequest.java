package io.lorastream.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.ContractJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * The body of {@code POST /v1/tasks/{task}/champion}: which version to make champion and why.
 *
 * @param version an approved version of the task
 * @param reason why, in words (kept in the champion history and the ChampionEvent)
 */
record PromotionRequest(String version, String reason) {

    private static final Set<String> FIELDS = Set.of("version", "reason");

    /** Parses and checks the body, naming the field and the rule of the first problem. */
    static PromotionRequest parse(byte[] body, int maxReasonChars) {
        JsonNode json;
        try {
            json = ContractJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "(body)", "malformed_json", "the body is not valid JSON: "
                    + e.getMessage().split("\n", 2)[0]);
        }
        if (json == null || !json.isObject()) {
            throw new ApiException(400, "(body)", "not_an_object", "the body must be a JSON object {\"version\": …, \"reason\": …}");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ApiException(400, name, "unknown_field", "unknown field '" + name + "' (known fields: reason, version)");
            }
        }
        String version = text(json, "version");
        PathParams.version(version);
        String reason = text(json, "reason");
        if (reason == null || reason.isBlank()) {
            throw new ApiException(400, "reason", "required", "reason is required: say why this version becomes champion");
        }
        if (reason.length() > maxReasonChars) {
            throw new ApiException(400, "reason", "too_long", "reason must be at most " + maxReasonChars + " characters");
        }
        if (reason.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new ApiException(400, "reason", "control_characters", "reason must be one line of printable text");
        }
        return new PromotionRequest(version, reason.strip());
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiException(400, field, "not_a_string", field + " must be a string");
        }
        return node.asText();
    }
}
