package io.lorastream.registry.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a task as the versions listing shows it.
 *
 * @param version version id
 * @param status {@code candidate} (announced, not judged yet), {@code rejected}, {@code promoting}
 *               (approved, files being promoted), {@code approved} (promoted, can be made champion),
 *               {@code failed} (approved but its files could not be promoted) or {@code champion}
 * @param champion whether it is the champion now
 * @param formerChampion whether it was champion before (a rollback target)
 * @param reasons why it has this status: the failed checks of a rejection, what went wrong in a promotion
 * @param metrics the candidate's metrics from the evaluation
 * @param lineage where it came from
 * @param decidedAt when the evaluator judged it, or null
 */
public record VersionSummary(String version, String status, boolean champion, boolean formerChampion,
                             List<String> reasons, Map<String, Double> metrics, Lineage lineage, Instant decidedAt) {

    /**
     * The training lineage in brief (the full one is {@code training.json}).
     *
     * @param baseModel base model id
     * @param warmStartVersion the champion training started from, or null
     * @param trainingExamples examples trained on, replay included
     * @param trainedOnRecords new Kafka records in the training window
     * @param trainedOnRanges offset ranges they came in
     * @param validationLoss final validation loss, or null
     * @param createdAt when the candidate became durable
     */
    public record Lineage(String baseModel, String warmStartVersion, int trainingExamples, long trainedOnRecords,
                          int trainedOnRanges, Double validationLoss, Instant createdAt) {
    }
}
