package io.lorastream.trainer.domain;

import io.lorastream.contracts.Example;

/**
 * An example with the Kafka position it was read from: what a training window is made of, and what
 * its lineage and the committed offsets are computed from.
 *
 * @param example the validated example as ingest wrote it
 * @param partition partition of {@code lorastream.examples.train}
 * @param offset its offset there
 */
public record SourcedExample(Example example, int partition, long offset) {
}
