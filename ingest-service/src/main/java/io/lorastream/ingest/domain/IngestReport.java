package io.lorastream.ingest.domain;

import java.util.List;

/**
 * What became of a batch of rows, as returned to the producer.
 *
 * @param task task id
 * @param received rows in the request
 * @param accepted rows written and acknowledged by Kafka
 * @param train of those, rows written to the train topic
 * @param holdout of those, rows written to the holdout topic
 * @param duplicates valid rows whose content was already written
 * @param rejected invalid rows
 * @param rejections the first rejections, in row order (at most the configured number)
 */
public record IngestReport(String task, int received, int accepted, int train, int holdout, int duplicates,
                           int rejected, List<RowRejection> rejections) {
}
