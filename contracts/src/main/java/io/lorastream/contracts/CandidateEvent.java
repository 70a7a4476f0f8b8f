package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A new candidate adapter, durable in the object store, announced by the trainer on
 * {@link Topics#ADAPTERS_CANDIDATES}.
 *
 * @param schemaVersion wire schema version
 * @param task task id
 * @param version the candidate's version id (see {@link VersionId})
 * @param baseModel base model id
 * @param baseModelSha256 hex SHA-256 of the base model's weights
 * @param objectPrefix object-store prefix holding the candidate's files
 * @param files file name → hex SHA-256 of every file under the prefix
 * @param trainedOn the exact Kafka offset ranges of the new examples in the training window
 * @param trainingExamples examples trained on, replay included
 * @param warmStartVersion champion version the job started from, or null when it started from the base
 * @param validationLoss final validation loss, NaN when no validation split was used
 * @param createdAt when the candidate became durable
 */
public record CandidateEvent(int schemaVersion, String task, String version, String baseModel,
                             String baseModelSha256, String objectPrefix, Map<String, String> files,
                             List<OffsetRange> trainedOn, int trainingExamples, String warmStartVersion,
                             double validationLoss, Instant createdAt) {

    public CandidateEvent {
        SchemaVersion.check(schemaVersion, "CandidateEvent");
        TaskId.require(task);
        VersionId.require(version);
        Require.notBlank(baseModel, "baseModel");
        Require.notBlank(baseModelSha256, "baseModelSha256");
        Require.notBlank(objectPrefix, "objectPrefix");
        files = Map.copyOf(Require.present(files, "files"));
        Require.notEmpty(files.keySet(), "files");
        trainedOn = List.copyOf(Require.present(trainedOn, "trainedOn"));
        Require.atLeast(trainingExamples, 1, "trainingExamples");
        if (warmStartVersion != null) {
            VersionId.require(warmStartVersion);
        }
        Require.present(createdAt, "createdAt");
    }

    @JsonCreator
    static CandidateEvent fromJson(@JsonProperty(value = "schemaVersion", required = true) Integer schemaVersion,
                                   @JsonProperty(value = "task", required = true) String task,
                                   @JsonProperty(value = "version", required = true) String version,
                                   @JsonProperty(value = "baseModel", required = true) String baseModel,
                                   @JsonProperty(value = "baseModelSha256", required = true) String baseModelSha256,
                                   @JsonProperty(value = "objectPrefix", required = true) String objectPrefix,
                                   @JsonProperty(value = "files", required = true) Map<String, String> files,
                                   @JsonProperty(value = "trainedOn", required = true) List<OffsetRange> trainedOn,
                                   @JsonProperty(value = "trainingExamples", required = true) Integer trainingExamples,
                                   @JsonProperty("warmStartVersion") String warmStartVersion,
                                   @JsonProperty("validationLoss") Double validationLoss,
                                   @JsonProperty(value = "createdAt", required = true) Instant createdAt) {
        return new CandidateEvent(Require.present(schemaVersion, "schemaVersion"), task, version, baseModel,
                baseModelSha256, objectPrefix, files, trainedOn, Require.present(trainingExamples, "trainingExamples"),
                warmStartVersion, Require.orDefault(validationLoss, Double.NaN), createdAt);
    }
}
