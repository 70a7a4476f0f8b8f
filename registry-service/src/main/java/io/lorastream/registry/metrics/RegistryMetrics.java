package io.lorastream.registry.metrics;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.Topics;
import io.lorastream.registry.domain.ChampionBoard;
import io.lorastream.registry.domain.DecisionOutcome;
import io.lorastream.registry.domain.HistoryEntry;
import io.lorastream.registry.domain.RegistryObserver;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The registry's own metrics (Prometheus names in {@code docs/operations.md}): champion version and
 * age per task, promotions, rollbacks, rejections, integrity failures, download bytes and time,
 * long-poll waiters, SSE streams, the 304 share of champion lookups, auth failures, the decisions consumer's lag. Tags carry task
 * ids only for known tasks, so a client cannot grow the number of series at will.
 */
public final class RegistryMetrics implements RegistryObserver {

    private final MeterRegistry registry;
    private final ChampionBoard board;
    private final Clock clock;
    private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Meter.Id> versionGauges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> ageGauges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> lookupCounters = new ConcurrentHashMap<>();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder notModified = new LongAdder();
    private final AtomicInteger sseStreams = new AtomicInteger();

    public RegistryMetrics(MeterRegistry registry, ChampionBoard board, Clock clock) {
        this.registry = registry;
        this.board = board;
        this.clock = clock;
        Gauge.builder("lorastream.registry.longpoll.waiters", board, ChampionBoard::waiters)
                .description("Champion long-polls waiting for a change").register(registry);
        Gauge.builder("lorastream.registry.sse.streams", sseStreams, AtomicInteger::get)
                .description("Open server-sent-event streams of champion changes").register(registry);
        Gauge.builder("lorastream.registry.champion.not.modified.ratio", this, RegistryMetrics::notModifiedRatio)
                .description("Share of champion lookups answered 304 Not Modified since start").register(registry);
        board.subscribe(this::championServed);
    }

    /** The decisions consumer's lag per owned partition: decisions on the topic not read by this replica yet. */
    public ConsumerLagGauges decisionsLag() {
        return new ConsumerLagGauges(registry, "lorastream.registry.consumer.lag.records",
                "Decisions on the partition not yet read by this replica", Topics.ADAPTERS_DECISIONS);
    }

    /** Called for every change of a served champion: moves the version gauge, makes sure the age gauge exists. */
    private void championServed(ChampionEvent champion) {
        String task = champion.task();
        Meter.Id old = versionGauges.put(task, Gauge.builder("lorastream.registry.champion.info", () -> 1)
                .description("The champion version of each task (value 1, version in the tag)")
                .tag("task", task).tag("version", champion.version()).register(registry).getId());
        if (old != null && !old.getTag("version").equals(champion.version())) {
            registry.remove(old);
        }
        ageGauges.computeIfAbsent(task, t -> {
            Gauge.builder("lorastream.registry.champion.age", board, b -> ageSeconds(b, t)).baseUnit("seconds")
                    .description("Time since the task's champion was promoted").tag("task", t).register(registry);
            return true;
        });
    }

    private double ageSeconds(ChampionBoard board, String task) {
        return board.current(task).map(c -> Duration.between(c.promotedAt(), clock.instant()).toMillis() / 1000.0)
                .orElse(Double.NaN);
    }

    @Override
    public void decisionHandled(String task, DecisionOutcome.Outcome outcome) {
        counter("lorastream.registry.decisions", "Decisions handled by this replica, by outcome",
                "task", task, "outcome", outcome.name().toLowerCase()).increment();
        if (outcome == DecisionOutcome.Outcome.REJECTED) {
            counter("lorastream.registry.rejections", "Candidates the evaluator rejected", "task", task).increment();
        }
    }

    @Override
    public void championChanged(String task, HistoryEntry.Kind kind) {
        if (kind == HistoryEntry.Kind.ROLLBACK) {
            counter("lorastream.registry.rollbacks", "Rollbacks to a former champion", "task", task).increment();
        } else {
            counter("lorastream.registry.promotions", "Versions made champion for the first time, by approval or by an admin",
                    "task", task, "kind", kind.name().toLowerCase()).increment();
        }
    }

    @Override
    public void integrityFailure(String task, String where) {
        counter("lorastream.registry.integrity.failures", "Stored files whose bytes did not match their sha256",
                "task", task, "where", where).increment();
    }

    /** A record on a followed topic that broke its contract. */
    public void invalidRecord(String topic) {
        counter("lorastream.registry.invalid.records", "Records skipped because they broke their contract",
                "topic", topic).increment();
    }

    /** A champion lookup: {@code modified} (200), {@code not_modified} (304) or {@code none} (404). */
    public void championLookup(String outcome) {
        lookups.increment();
        if (outcome.equals("not_modified")) {
            notModified.increment();
        }
        // The hottest path of the service: one map look-up by outcome, no key list built per call.
        lookupCounters.computeIfAbsent(outcome, o -> counter("lorastream.registry.champion.requests",
                "Champion lookups by outcome", "outcome", o)).increment();
    }

    private double notModifiedRatio() {
        long all = lookups.sum();
        return all == 0 ? 0 : (double) notModified.sum() / all;
    }

    /** A file download that ended: bytes sent and how long it took. */
    public void download(String task, long bytes, Duration elapsed, String outcome) {
        counter("lorastream.registry.download.bytes", "Adapter file bytes sent", "task", task).increment(bytes);
        timers.computeIfAbsent(List.of(task, outcome), k -> Timer.builder("lorastream.registry.download")
                .description("Time to stream an adapter file, by outcome").tag("task", task).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry)).record(elapsed);
    }

    public void authFailure(String rule) {
        counter("lorastream.registry.auth.failures", "Requests refused for a missing, unknown or too weak token",
                "rule", rule).increment();
    }

    public void sseOpened() {
        sseStreams.incrementAndGet();
    }

    public void sseClosed() {
        sseStreams.decrementAndGet();
    }

    private Counter counter(String name, String description, String... tags) {
        List<String> key = new java.util.ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(List.of(tags));
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags)
                .register(registry));
    }
}
