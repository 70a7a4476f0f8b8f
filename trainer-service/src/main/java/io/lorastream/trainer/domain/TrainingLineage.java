package io.lorastream.trainer.domain;

import io.lorastream.contracts.OffsetRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code training.json}: everything needed to know what a candidate is and to train it again.
 * Written last among a candidate's files, so its presence means the candidate is complete.
 *
 * @param schemaVersion format version
 * @param task task id
 * @param version candidate version
 * @param baseModel base model id
 * @param baseModelSha256 SHA-256 of the base model's weights file
 * @param warmStartVersion the champion trained on from, or null for a fresh adapter
 * @param warmStartNote why there was no warm start when there is a champion (label set or LoRA shape changed), or null
 * @param trainedOn the exact offset ranges of the window (the task's records within them)
 * @param windowExamples new examples trained on
 * @param replayExamples replayed examples mixed in
 * @param replaySampleIds content hashes of the replayed examples
 * @param labels the label set, in classifier order
 * @param hyperparameters every training setting, by name
 * @param stepLosses training loss of every step
 * @param epochs per epoch: training loss, validation loss and accuracy
 * @param validationLoss validation loss of the kept epoch, NaN without validation
 * @param stopReason why training stopped
 * @param device the device trained on
 * @param trainingSeconds time in training steps
 * @param wallSeconds time of the whole job (loading, training, writing, uploading)
 * @param stageSeconds the job's time by stage: {@code prepare} (plan, base model, champion, replay),
 *     {@code trainSetup} (model build, tokenization, validation), {@code trainSteps} (optimizer steps),
 *     {@code upload} (adapter files and reservoir); the lineage upload and announcement follow it
 * @param examplesPerSecond training throughput
 * @param startedAt when the job started
 * @param finishedAt when the candidate's files were written
 */
public record TrainingLineage(int schemaVersion, String task, String version, String baseModel, String baseModelSha256,
                              String warmStartVersion, String warmStartNote, List<OffsetRange> trainedOn,
                              int windowExamples, int replayExamples, List<String> replaySampleIds, List<String> labels,
                              Map<String, Object> hyperparameters, List<Double> stepLosses, List<EpochRecord> epochs,
                              double validationLoss, String stopReason, String device, double trainingSeconds,
                              double wallSeconds, Map<String, Double> stageSeconds, double examplesPerSecond,
                              Instant startedAt, Instant finishedAt) {

    public static final int CURRENT_SCHEMA = 1;

    /** One epoch's numbers; validation fields are NaN without a validation split. */
    public record EpochRecord(int epoch, double trainingLoss, double validationLoss, double validationAccuracy) {
    }
}
