package io.lorastream.ingest;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.domain.BatchIngestor;
import io.lorastream.ingest.domain.DedupIndex;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.RowValidator;
import io.lorastream.ingest.kafka.IngestLifecycle;
import io.lorastream.ingest.kafka.KafkaClientSettings;
import io.lorastream.ingest.kafka.KafkaExampleWriter;
import io.lorastream.ingest.kafka.TaskSpecs;
import io.lorastream.ingest.metrics.IngestMetrics;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain ingest core classes into CDI beans. */
@ApplicationScoped
public class IngestCore {

    /** The task catalog: the kit's follower of the compacted tasks topic (started by {@code IngestLifecycle}). */
    @Produces
    @Singleton
    TaskSpecs taskSpecs(KafkaClientSettings settings) {
        return new TaskSpecs(new CompactedTopicFollower<>(Topics.TASKS, settings.reader("lorastream-ingest-tasks"),
                (key, value) -> ContractJson.fromBytes(value, TaskSpec.class), TaskSpec::task));
    }

    @Produces
    @Singleton
    DedupIndex dedupIndex(IngestConfig config) {
        return new DedupIndex(config.dedup().windowPerTask());
    }

    @Produces
    @Singleton
    ExamplePreparer examplePreparer(IngestConfig config, DedupIndex dedup, IngestMetrics metrics) {
        RowValidator validator = new RowValidator(config.limits().maxIdChars(), config.limits().maxSourceChars());
        return new ExamplePreparer(validator, dedup, metrics, Clock.systemUTC());
    }

    @Produces
    @Singleton
    BatchIngestor batchIngestor(IngestConfig config, ExamplePreparer preparer, KafkaExampleWriter writer,
                                IngestMetrics metrics, KafkaClientSettings settings, IngestLifecycle lifecycle) {
        // The lifecycle gives a failed write's claims back itself, while refusing rows and before its re-read;
        // a failed write is settled on a worker, off the producer's I/O thread.
        return new BatchIngestor(preparer, writer, metrics, settings.ackWaitMillis(),
                config.limits().maxRejectionsListed(), lifecycle::rereadDedupAfterFailedWrite,
                Infrastructure.getDefaultWorkerPool());
    }
}
