package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything lorastream knows about one task: its labels, the base model, how to fine-tune it,
 * when to train and how candidates are gated. Published on the compacted {@link Topics#TASKS}
 * topic keyed by task id; every service reads it.
 *
 * @param schemaVersion wire schema version
 * @param task task id (see {@link TaskId})
 * @param labels the label set, in the order of the classifier's outputs
 * @param baseModel base model id: a folder under {@code models/} in the object store
 * @param lora LoRA settings
 * @param training how each training job runs (epochs, learning rates, replay)
 * @param trigger when a training job starts
 * @param gate the evaluator's thresholds
 * @param holdoutShare share of examples (by content hash) that go to the held-out topic
 * @param maskPii mask e-mail addresses, phone numbers and card-like numbers in texts at ingest
 * @param maxTextChars longest accepted example text, in characters
 */
public record TaskSpec(int schemaVersion, String task, List<String> labels, String baseModel, LoraSpec lora,
                       TrainingSpec training, TrainingTrigger trigger, GatePolicy gate, double holdoutShare,
                       boolean maskPii, int maxTextChars) {

    /** Base model used when a spec names none: the offline all-MiniLM-L6-v2 import. */
    public static final String DEFAULT_BASE_MODEL = "all-minilm-l6-v2";
    /** Default held-out share. */
    public static final double DEFAULT_HOLDOUT_SHARE = 0.1;
    /** Default text limit: far above a long e-mail, far below what would hurt a Kafka record. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 20_000;
    /** Hard ceiling for {@link #maxTextChars}: keeps one example well inside Kafka's 1 MiB record default. */
    public static final int MAX_TEXT_CHARS_LIMIT = 200_000;
    /** Longest accepted label. */
    public static final int MAX_LABEL_CHARS = 128;

    public TaskSpec {
        SchemaVersion.check(schemaVersion, "TaskSpec");
        TaskId.require(task);
        labels = List.copyOf(Require.notEmpty(labels, "labels"));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("labels must hold at least 2 labels (was " + labels.size() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            Require.notBlank(label, "labels[]");
            if (label.length() > MAX_LABEL_CHARS) {
                throw new IllegalArgumentException("labels[] must be at most " + MAX_LABEL_CHARS + " characters");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("labels must be unique ('" + label + "' appears twice)");
            }
        }
        Require.notBlank(baseModel, "baseModel");
        if (baseModel.contains("..") || baseModel.startsWith("/")) {
            throw new IllegalArgumentException("baseModel must be a relative model id without '..' (was '" + baseModel + "')");
        }
        Require.present(lora, "lora");
        Require.present(training, "training");
        Require.present(trigger, "trigger");
        Require.present(gate, "gate");
        Require.between(holdoutShare, 0.0, 0.9, "holdoutShare");
        Require.between(maxTextChars, 1, MAX_TEXT_CHARS_LIMIT, "maxTextChars");
    }

    /** A spec with the default training settings (for specs written before training settings existed). */
    public TaskSpec(int schemaVersion, String task, List<String> labels, String baseModel, LoraSpec lora,
                    TrainingTrigger trigger, GatePolicy gate, double holdoutShare, boolean maskPii, int maxTextChars) {
        this(schemaVersion, task, labels, baseModel, lora, TrainingSpec.DEFAULT, trigger, gate, holdoutShare, maskPii,
                maxTextChars);
    }

    /** A spec with every optional setting at its default. */
    public static TaskSpec withDefaults(String task, List<String> labels) {
        return new TaskSpec(SchemaVersion.CURRENT, task, labels, DEFAULT_BASE_MODEL, LoraSpec.DEFAULT,
                TrainingSpec.DEFAULT, TrainingTrigger.DEFAULT, GatePolicy.DEFAULT, DEFAULT_HOLDOUT_SHARE, false,
                DEFAULT_MAX_TEXT_CHARS);
    }

    /** This spec with other training settings. */
    public TaskSpec withTraining(TrainingSpec newTraining) {
        return new TaskSpec(schemaVersion, task, labels, baseModel, lora, newTraining, trigger, gate, holdoutShare,
                maskPii, maxTextChars);
    }

    /** This spec with another trigger. */
    public TaskSpec withTrigger(TrainingTrigger newTrigger) {
        return new TaskSpec(schemaVersion, task, labels, baseModel, lora, training, newTrigger, gate, holdoutShare,
                maskPii, maxTextChars);
    }

    /** This spec with another base model. */
    public TaskSpec withBaseModel(String newBaseModel) {
        return new TaskSpec(schemaVersion, task, labels, newBaseModel, lora, training, trigger, gate, holdoutShare,
                maskPii, maxTextChars);
    }

    /** This spec with other labels. */
    public TaskSpec withLabels(List<String> newLabels) {
        return new TaskSpec(schemaVersion, task, newLabels, baseModel, lora, training, trigger, gate, holdoutShare,
                maskPii, maxTextChars);
    }

    /** True when {@code label} is in this task's label set. */
    public boolean hasLabel(String label) {
        return labels.contains(label);
    }

    @JsonCreator
    static TaskSpec fromJson(@JsonProperty("schemaVersion") Integer schemaVersion,
                             @JsonProperty(value = "task", required = true) String task,
                             @JsonProperty(value = "labels", required = true) List<String> labels,
                             @JsonProperty("baseModel") String baseModel,
                             @JsonProperty("lora") LoraSpec lora,
                             @JsonProperty("training") TrainingSpec training,
                             @JsonProperty("trigger") TrainingTrigger trigger,
                             @JsonProperty("gate") GatePolicy gate,
                             @JsonProperty("holdoutShare") Double holdoutShare,
                             @JsonProperty("maskPii") Boolean maskPii,
                             @JsonProperty("maxTextChars") Integer maxTextChars) {
        return new TaskSpec(
                SchemaVersion.orCurrent(schemaVersion, "TaskSpec"),
                Require.present(task, "task"),
                Require.present(labels, "labels"),
                Require.orDefault(baseModel, DEFAULT_BASE_MODEL),
                Require.orDefault(lora, LoraSpec.DEFAULT),
                Require.orDefault(training, TrainingSpec.DEFAULT),
                Require.orDefault(trigger, TrainingTrigger.DEFAULT),
                Require.orDefault(gate, GatePolicy.DEFAULT),
                Require.orDefault(holdoutShare, DEFAULT_HOLDOUT_SHARE),
                Require.orDefault(maskPii, false),
                Require.orDefault(maxTextChars, DEFAULT_MAX_TEXT_CHARS));
    }
}
