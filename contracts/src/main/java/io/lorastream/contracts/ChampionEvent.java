package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * The current champion adapter of a task, published by the registry on the compacted
 * {@link Topics#ADAPTERS_CHAMPIONS} topic (the latest record per task is the answer).
 *
 * @param schemaVersion wire schema version
 * @param task task id
 * @param version the champion's version id
 * @param previousVersion the champion it replaced, or null for the first
 * @param reason why it became champion (e.g. {@code approved}, {@code rollback by operator})
 * @param baseModel base model id the adapter applies to
 * @param objectPrefix object-store prefix of the promoted, immutable files
 * @param files file name → hex SHA-256 of every file under the prefix
 * @param promotedAt when it became champion
 */
public record ChampionEvent(int schemaVersion, String task, String version, String previousVersion, String reason,
                            String baseModel, String objectPrefix, Map<String, String> files, Instant promotedAt) {

    public ChampionEvent {
        SchemaVersion.check(schemaVersion, "ChampionEvent");
        TaskId.require(task);
        VersionId.require(version);
        if (previousVersion != null) {
            VersionId.require(previousVersion);
        }
        Require.notBlank(reason, "reason");
        Require.notBlank(baseModel, "baseModel");
        Require.notBlank(objectPrefix, "objectPrefix");
        files = Map.copyOf(Require.present(files, "files"));
        Require.notEmpty(files.keySet(), "files");
        Require.present(promotedAt, "promotedAt");
    }

    @JsonCreator
    static ChampionEvent fromJson(@JsonProperty(value = "schemaVersion", required = true) Integer schemaVersion,
                                  @JsonProperty(value = "task", required = true) String task,
                                  @JsonProperty(value = "version", required = true) String version,
                                  @JsonProperty("previousVersion") String previousVersion,
                                  @JsonProperty(value = "reason", required = true) String reason,
                                  @JsonProperty(value = "baseModel", required = true) String baseModel,
                                  @JsonProperty(value = "objectPrefix", required = true) String objectPrefix,
                                  @JsonProperty(value = "files", required = true) Map<String, String> files,
                                  @JsonProperty(value = "promotedAt", required = true) Instant promotedAt) {
        return new ChampionEvent(Require.present(schemaVersion, "schemaVersion"), task, version, previousVersion,
                reason, baseModel, objectPrefix, files, promotedAt);
    }
}
