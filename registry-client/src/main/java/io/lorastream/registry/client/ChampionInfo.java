package io.lorastream.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task's champion adapter as the registry describes it: which version, why, and the SHA-256 of
 * every file, which the client checks each download against.
 *
 * @param task task id
 * @param version champion version id
 * @param previousVersion the champion it replaced, or null
 * @param reason why it became champion
 * @param baseModel base model the adapter applies to
 * @param promotedAt when it became champion
 * @param files file name → hex SHA-256
 */
public record ChampionInfo(String task, String version, String previousVersion, String reason, String baseModel,
                           Instant promotedAt, Map<String, String> files) {

    public ChampionInfo {
        Identifiers.task(task);
        Identifiers.version(version);
        files = Map.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("champion " + version + " lists no files");
        }
        files.forEach((name, sha) -> Identifiers.sha256(sha, Identifiers.fileName(name)));
    }

    /**
     * Reads the registry's champion JSON. Unknown fields are ignored, so a newer registry can add
     * fields without breaking older clients; the fields used here are checked strictly.
     */
    static ChampionInfo fromJson(JsonNode json) {
        JsonNode files = json.path("files");
        if (!files.isObject()) {
            throw new IllegalArgumentException("champion JSON has no 'files' object");
        }
        Map<String, String> byName = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            byName.put(file.getKey(), file.getValue().asText(null));
        }
        String promotedAt = text(json, "promotedAt");
        return new ChampionInfo(text(json, "task"), text(json, "version"), text(json, "previousVersion"),
                text(json, "reason"), text(json, "baseModel"), promotedAt == null ? null : Instant.parse(promotedAt),
                byName);
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
