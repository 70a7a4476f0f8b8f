package io.lorastream.evaluator.metrics;

import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.Topics;
import io.lorastream.evaluator.domain.EvaluationObserver;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.Judgement;
import io.lorastream.evaluator.kafka.HoldoutFollower;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The evaluator's own metrics, per task (Prometheus names in {@code docs/operations.md}): candidates evaluated,
 * decisions by verdict, rejections by check, evaluation time, the last candidate's and reference's metric values,
 * forgetting (largest per-class recall drop), evaluation-set sizes, items scored and the time it took, held-out
 * records read, checkpoints and transient failures; the candidates consumer's lag and backlog.
 */
@ApplicationScoped
public class EvaluatorMetrics implements EvaluationObserver, HoldoutFollower.Observer {

    /** The metrics whose last values are published as gauges, per model and set. */
    private static final List<String> GAUGED_METRICS = List.of("macro_f1", "accuracy");
    private static final List<String> SETS = List.of("holdout", "retention", "golden");

    private final MeterRegistry registry;
    private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, AtomicReference<Double>> lastValues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> trackedTasks = new ConcurrentHashMap<>();
    private volatile EvaluationSets sets;

    public EvaluatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes the sizes of every task's evaluation sets, now and for tasks that appear later. */
    public void trackSets(EvaluationSets evaluationSets) {
        this.sets = evaluationSets;
        evaluationSets.tasks().forEach(this::trackTask);
    }

    /** The candidates consumer's lag per owned partition: candidates on the topic not read by this replica yet. */
    public ConsumerLagGauges candidatesLag() {
        return new ConsumerLagGauges(registry, "lorastream.evaluator.consumer.lag.records",
                "Candidates on the partition not yet read by this replica", Topics.ADAPTERS_CANDIDATES);
    }

    /** Publishes the number of candidates read and not decided yet. */
    public void trackBacklog(Supplier<Number> backlog) {
        Gauge.builder("lorastream.evaluator.candidates.backlog", backlog, s -> s.get().doubleValue())
                .description("Candidates read from Kafka and not decided yet").register(registry);
    }

    @Override
    public void decided(DecisionEvent decision, Judgement judgement, boolean republished) {
        String task = decision.task();
        if (republished) {
            counter("lorastream.evaluator.decisions.republished",
                    "Recorded decisions published again for re-delivered candidates", task).increment();
            return;
        }
        String verdict = decision.approved() ? "approved" : "rejected";
        counter("lorastream.evaluator.decisions", "Decisions published, by verdict", task, "verdict", verdict).increment();
        for (CheckResult check : decision.checks()) {
            if (!check.passed()) {
                counter("lorastream.evaluator.rejections", "Failed checks of rejected candidates, by check", task,
                        "check", check.name()).increment();
            }
        }
        if (judgement == null || judgement.candidateScoring().items() == 0) {
            return;
        }
        counter("lorastream.evaluator.candidates.evaluated", "Candidates scored against a reference model", task).increment();
        timer("lorastream.evaluator.evaluation", "Wall time of a candidate's evaluation, loading included", task,
                "verdict", verdict).record(Duration.ofMillis(decision.durationMs()));
        scored(task, "candidate", judgement.candidateScoring());
        scored(task, "reference", judgement.referenceScoring());
        for (String set : SETS) {
            for (String metric : GAUGED_METRICS) {
                String name = set + "." + metric;
                if (decision.candidateMetrics().containsKey(name)) {
                    last(task, "candidate", set, metric).set(decision.candidateMetrics().get(name));
                }
                if (decision.championMetrics().containsKey(name)) {
                    last(task, "reference", set, metric).set(decision.championMetrics().get(name));
                }
            }
        }
        judgement.maxClassRecallDrop().forEach((set, drop) -> lastDrop(task, set).set(drop));
    }

    private void scored(String task, String model, Judgement.Scoring scoring) {
        counter("lorastream.evaluator.scored.items", "Items scored, by model (prediction-cache hits included)", task,
                "model", model).increment(scoring.items());
        timer("lorastream.evaluator.scoring", "Time to score one evaluation's items, by model", task, "model", model)
                .record(Duration.ofNanos(scoring.nanos()));
    }

    @Override
    public void transientFailure(String stage) {
        counter("lorastream.evaluator.transient.failures", "Steps retried because the store or broker was unreachable",
                "all", "stage", stage).increment();
    }

    @Override
    public void unreadableCandidate() {
        counter("lorastream.evaluator.candidates.unreadable",
                "Candidates records skipped because they name no valid task and version", "(invalid)").increment();
    }

    @Override
    public void record(String task, String outcome) {
        counter("lorastream.evaluator.holdout.records", "Held-out records read, by outcome", task, "outcome", outcome)
                .increment();
        if (sets != null && !"invalid".equals(outcome)) {
            trackTask(task);
        }
    }

    @Override
    public void checkpointWritten(int partition, long bytes, long nanos) {
        DistributionSummary.builder("lorastream.evaluator.checkpoint.size").baseUnit("bytes")
                .description("Compressed size of a written evaluation-set checkpoint")
                .tag("partition", Integer.toString(partition)).register(registry).record(bytes);
        timer("lorastream.evaluator.checkpoint.write", "Time to write one partition's evaluation-set checkpoint", "all",
                "outcome", "written").record(Duration.ofNanos(nanos));
    }

    @Override
    public void checkpointFailed(int partition) {
        counter("lorastream.evaluator.checkpoint.failures", "Checkpoint writes that failed (retried)", "all").increment();
    }

    private void trackTask(String task) {
        if (trackedTasks.putIfAbsent(task, Boolean.TRUE) != null) {
            return;
        }
        EvaluationSets tracked = sets;
        Gauge.builder("lorastream.evaluator.set.items", tracked, s -> s.windowSize(task))
                .description("Items in a task's evaluation sets").tag("task", task).tag("set", "holdout").register(registry);
        Gauge.builder("lorastream.evaluator.set.items", tracked, s -> s.retentionSize(task))
                .description("Items in a task's evaluation sets").tag("task", task).tag("set", "retention").register(registry);
    }

    private AtomicReference<Double> last(String task, String model, String set, String metric) {
        return lastValues.computeIfAbsent(List.of("metric", task, model, set, metric), k -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder("lorastream.evaluator.last.metric", value, AtomicReference::get).baseUnit("ratio")
                    .description("The gate metric of the last evaluated candidate and of its reference, per set")
                    .tag("task", task).tag("model", model).tag("set", set).tag("metric", metric).register(registry);
            return value;
        });
    }

    private AtomicReference<Double> lastDrop(String task, String set) {
        return lastValues.computeIfAbsent(List.of("drop", task, set), k -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder("lorastream.evaluator.forgetting.max.class.recall.drop", value, AtomicReference::get)
                    .baseUnit("ratio")
                    .description("Largest per-class recall drop of the last evaluated candidate against its reference")
                    .tag("task", task).tag("set", set).register(registry);
            return value;
        });
    }

    private Counter counter(String name, String description, String task, String... tags) {
        return counters.computeIfAbsent(key(name, task, tags), k -> Counter.builder(name).description(description)
                .tag("task", task).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, String task, String... tags) {
        return timers.computeIfAbsent(key(name, task, tags), k -> Timer.builder(name).description(description)
                .tag("task", task).tags(tags).register(registry));
    }

    private static List<String> key(String name, String task, String... tags) {
        String[] key = new String[tags.length + 2];
        key[0] = name;
        key[1] = task;
        System.arraycopy(tags, 0, key, 2, tags.length);
        return List.of(key);
    }
}
