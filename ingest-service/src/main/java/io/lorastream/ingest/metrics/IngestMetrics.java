package io.lorastream.ingest.metrics;

import io.lorastream.ingest.domain.Channel;
import io.lorastream.ingest.domain.IngestObserver;
import io.lorastream.ingest.domain.PiiMasker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The ingest-service's own metrics, per task (Prometheus names in {@code docs/operations.md}):
 * rows received, accepted by split, rejected by rule, duplicates, PII masked, DLQ records, and
 * the time Kafka takes to acknowledge a batch.
 */
@ApplicationScoped
public class IngestMetrics implements IngestObserver {

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void received(String task, Channel channel, int rows) {
        counter("lorastream.ingest.examples.received", "Rows received", task, "channel", channel.tag()).increment(rows);
    }

    @Override
    public void rejected(String task, Channel channel, String rule) {
        Counter.builder("lorastream.ingest.examples.rejected").description("Rows rejected, by the rule they broke")
                .tags("task", task, "channel", channel.tag(), "reason", rule).register(registry).increment();
    }

    @Override
    public void duplicate(String task, Channel channel) {
        counter("lorastream.ingest.examples.duplicates", "Valid rows dropped as duplicates", task, "channel",
                channel.tag()).increment();
    }

    @Override
    public void accepted(String task, Channel channel, boolean holdout) {
        Counter.builder("lorastream.ingest.examples.accepted")
                .description("Rows written to Kafka and acknowledged, by split")
                .tags("task", task, "channel", channel.tag(), "split", holdout ? "holdout" : "train")
                .register(registry).increment();
    }

    @Override
    public void piiMasked(String task, PiiMasker.Kind kind, int count) {
        counter("lorastream.ingest.pii.masked", "Personal data items masked in texts", task, "kind",
                kind.name().toLowerCase()).increment(count);
    }

    @Override
    public void deadLettered(String task, String rule) {
        counter("lorastream.ingest.dlq.records", "Feedback records written to the DLQ", task, "reason", rule)
                .increment();
    }

    @Override
    public void kafkaWrite(String task, Duration elapsed, boolean succeeded) {
        Timer.builder("lorastream.ingest.kafka.send")
                .description("Time from sending a request's rows to Kafka's acknowledgement of all of them")
                .tags("task", task, "outcome", succeeded ? "acknowledged" : "failed")
                .publishPercentileHistogram()
                .register(registry).record(elapsed);
    }

    /** Times a whole HTTP request by task; the timer is published with a histogram for p99s. */
    public Timer requestTimer(String task) {
        return Timer.builder("lorastream.ingest.request")
                .description("Time to handle an examples request, from body read to response")
                .tags("task", task)
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter counter(String name, String description, String task, String tagKey, String tagValue) {
        return Counter.builder(name).description(description).tags("task", task, tagKey, tagValue).register(registry);
    }
}
