package io.lorastream.ingest.metrics;

import io.lorastream.contracts.Topics;
import io.lorastream.ingest.domain.Channel;
import io.lorastream.ingest.domain.IngestObserver;
import io.lorastream.ingest.domain.PiiMasker;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.KafkaException;

/**
 * The ingest-service's own metrics, per task (Prometheus names in {@code docs/operations.md}):
 * rows received, accepted by split, rejected by rule, duplicates, PII masked, DLQ records, the
 * time Kafka takes to acknowledge a batch, the feedback consumer's lag per partition, and the row workers'
 * queue.
 *
 * <p>Meters are looked up in a map keyed by name and tag values: Micrometer's builders build and
 * sort a tag list and merge histogram settings on every {@code register}, which showed up in the
 * ingest profile when done per request.
 */
@ApplicationScoped
public class IngestMetrics implements IngestObserver {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Timer> timers = new ConcurrentHashMap<>();
    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void received(String task, Channel channel, int rows) {
        counter("lorastream.ingest.examples.received", "Rows received", task, "channel", channel.tag()).increment(rows);
    }

    @Override
    public void rejected(String task, Channel channel, String rule) {
        counter("lorastream.ingest.examples.rejected", "Rows rejected, by the rule they broke", task,
                "channel", channel.tag(), "reason", rule).increment();
    }

    @Override
    public void duplicate(String task, Channel channel) {
        counter("lorastream.ingest.examples.duplicates", "Valid rows dropped as duplicates", task,
                "channel", channel.tag()).increment();
    }

    @Override
    public void accepted(String task, Channel channel, int train, int holdout) {
        if (train > 0) {
            accepted(task, channel, "train").increment(train);
        }
        if (holdout > 0) {
            accepted(task, channel, "holdout").increment(holdout);
        }
    }

    private Counter accepted(String task, Channel channel, String split) {
        return counter("lorastream.ingest.examples.accepted", "Rows written to Kafka and acknowledged, by split", task,
                "channel", channel.tag(), "split", split);
    }

    @Override
    public void piiMasked(String task, PiiMasker.Kind kind, int count) {
        counter("lorastream.ingest.pii.masked", "Personal data items masked in texts", task,
                "kind", kind.name().toLowerCase()).increment(count);
    }

    @Override
    public void deadLettered(String task, String rule) {
        counter("lorastream.ingest.dlq.records", "Feedback records written to the DLQ", task, "reason", rule).increment();
    }

    @Override
    public void kafkaWrite(String task, Duration elapsed, boolean succeeded) {
        timer("lorastream.ingest.kafka.send",
                "Time from sending a request's rows to Kafka's acknowledgement of all of them", task,
                "outcome", succeeded ? "acknowledged" : "failed").record(elapsed);
    }

    /**
     * {@code lorastream_ingest_feedback_commit_failures_total}, by the client's exception: offsets of handled
     * feedback records not committed. The records are read again after a rebalance or restart (dedup drops them);
     * a count that keeps rising means the group's committed offsets, and so a new replica's starting point, lag.
     */
    public void feedbackCommitFailed(KafkaException failure) {
        Counter.builder("lorastream.ingest.feedback.commit.failures")
                .description("Offset commits of the feedback consumer that failed (its records are read again)")
                .tag("reason", failure.getClass().getSimpleName())
                .register(registry).increment();
    }

    /**
     * The feedback consumer's lag, a gauge per partition it owns (service-kit's gauges, updated on the
     * consumer's poll thread; a partition handed to another replica by a rebalance drops its gauge).
     */
    public ConsumerLagGauges feedbackLag() {
        return new ConsumerLagGauges(registry, "lorastream.ingest.consumer.lag.records",
                "Feedback records on the partition not yet read by this replica", Topics.FEEDBACK);
    }

    /**
     * {@code lorastream_ingest_row_workers_queued_requests}: buffered requests waiting for a row worker. Near
     * {@code rows.max-queued-requests} the service is about to refuse requests with 503 {@code busy}.
     */
    public void rowWorkersQueue(BlockingQueue<?> queue) {
        Gauge.builder("lorastream.ingest.row.workers.queued.requests", queue, BlockingQueue::size)
                .description("Buffered requests waiting for a row worker")
                .register(registry);
    }

    /**
     * {@code lorastream_ingest_row_workers_requests_total}, by outcome: {@code taken} (a row worker runs it now or
     * once one is free) or {@code refused} (the queue was full: 503, rule {@code busy}).
     */
    public Counter rowWorkersRequests(String outcome) {
        return Counter.builder("lorastream.ingest.row.workers.requests")
                .description("Buffered requests handed to the row workers, by whether they were taken or refused (busy)")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Times a whole HTTP request by task; the timer is published with a histogram for p99s. */
    public Timer requestTimer(String task) {
        return timer("lorastream.ingest.request", "Time to handle an examples request, from body read to response", task);
    }

    /** A counter tagged with the task and the given tag key/value pairs. */
    private Counter counter(String name, String description, String task, String... tags) {
        return counters.computeIfAbsent(key(name, task, tags), k -> Counter.builder(name).description(description)
                .tag("task", task).tags(tags).register(registry));
    }

    /** A timer with a percentile histogram, tagged like {@link #counter}. */
    private Timer timer(String name, String description, String task, String... tags) {
        return timers.computeIfAbsent(key(name, task, tags), k -> Timer.builder(name).description(description)
                .tag("task", task).tags(tags).publishPercentileHistogram().register(registry));
    }

    private static List<String> key(String name, String task, String... tags) {
        String[] key = new String[tags.length + 2];
        key[0] = name;
        key[1] = task;
        System.arraycopy(tags, 0, key, 2, tags.length);
        return List.of(key);
    }
}
