package io.lorastream.trainer.metrics;

import io.lorastream.trainer.domain.JobObserver;
import io.lorastream.trainer.domain.JobOutcome;
import io.lorastream.trainer.domain.JobProgress;
import io.lorastream.trainer.domain.Retrier;
import io.lorastream.trainer.domain.TaskBuffer;
import io.lorastream.trainer.kafka.TrainerState;
import io.lorastream.trainer.kafka.TrainingStreamConsumer;
import io.lorastream.contracts.Topics;
import io.lorastream.servicekit.metrics.ConsumerLagGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The trainer's metrics (Prometheus names in {@code docs/operations.md}): per task, buffered
 * examples, jobs started/succeeded/failed, job duration, training throughput, current and final
 * loss, validation loss, replay size; per process, the device, GPU memory on a GPU, consumer lag
 * and retries of steps waiting out an outage.
 */
public final class TrainerMetrics implements JobObserver, TrainingStreamConsumer.StreamObserver,
        Retrier.RetryObserver {

    private final MeterRegistry registry;
    private final TrainerState state;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, TaskGauges> taskGauges = new ConcurrentHashMap<>();
    private final ConsumerLagGauges lag;

    /** Last values per task, read by the gauges. */
    private static final class TaskGauges {
        volatile double loss = Double.NaN;
        volatile double examplesPerSecond;
        volatile double progressRatio;
        volatile double finalLoss = Double.NaN;
        volatile double validationLoss = Double.NaN;
        volatile double replayExamples;
    }

    public TrainerMetrics(MeterRegistry registry, TrainerState state, ai.djl.Device device) {
        this.registry = registry;
        this.lag = new ConsumerLagGauges(registry, "lorastream.trainer.consumer.lag.records",
                "Examples on the partition not yet read by this replica", Topics.EXAMPLES_TRAIN);
        this.state = state;
        Gauge.builder("lorastream.trainer.device.info", () -> 1).description("The device jobs train on (value always 1)")
                .tag("device", device.toString()).register(registry);
        if (device.isGpu()) {
            // Read from CUDA at scrape time; only registered on a GPU, where the driver is there to ask.
            Gauge.builder("lorastream.trainer.gpu.memory.used.bytes",
                            () -> ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getUsed())
                    .description("GPU memory in use on the training device").baseUnit("bytes")
                    .tag("device", device.toString()).register(registry);
            Gauge.builder("lorastream.trainer.gpu.memory.total.bytes",
                            () -> ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getMax())
                    .description("GPU memory of the training device").baseUnit("bytes")
                    .tag("device", device.toString()).register(registry);
        }
        Gauge.builder("lorastream.trainer.consumption.paused", () -> state.consumptionPaused() ? 1 : 0)
                .description("1 while consumption is paused because too many examples wait for training")
                .register(registry);
    }

    private TaskGauges gauges(String task) {
        return taskGauges.computeIfAbsent(task, t -> {
            TaskGauges g = new TaskGauges();
            gauge(t, "lorastream.trainer.buffered.examples", "Examples held in memory for the task (pending and in windows)",
                    g, x -> state.task(t).map(TrainerState.TaskStatus::bufferedExamples).orElse(0));
            gauge(t, "lorastream.trainer.pending.examples", "New examples not yet in a training window", g,
                    x -> state.task(t).map(TrainerState.TaskStatus::pendingExamples).orElse(0));
            gauge(t, "lorastream.trainer.job.loss", "Training loss of the running job's last step", g, x -> x.loss);
            gauge(t, "lorastream.trainer.job.examples.per.second", "Training throughput of the running or last job", g,
                    x -> x.examplesPerSecond);
            gauge(t, "lorastream.trainer.job.progress.ratio", "Share of the running job's steps done", g,
                    x -> x.progressRatio);
            gauge(t, "lorastream.trainer.final.loss", "Last step's training loss of the last successful job", g,
                    x -> x.finalLoss);
            gauge(t, "lorastream.trainer.validation.loss", "Validation loss of the last successful job (NaN without validation)",
                    g, x -> x.validationLoss);
            gauge(t, "lorastream.trainer.replay.examples", "Replayed examples mixed into the last successful job", g,
                    x -> x.replayExamples);
            return g;
        });
    }

    private void gauge(String task, String name, String description, TaskGauges g, ToDoubleFunction<TaskGauges> f) {
        Gauge.builder(name, g, f).description(description).tag("task", task).register(registry);
    }

    @Override
    public void started(String task) {
        gauges(task).progressRatio = 0;
        counter("lorastream.trainer.jobs.started", "Training jobs started", "task", task).increment();
    }

    @Override
    public void progressed(String task, JobProgress progress) {
        TaskGauges g = gauges(task);
        if (progress.totalSteps() > 0) {
            g.loss = progress.loss();
            g.examplesPerSecond = progress.examplesPerSecond();
            g.progressRatio = (double) progress.step() / progress.totalSteps();
        }
    }

    @Override
    public void ended(JobOutcome outcome) {
        String status = outcome.status().name().toLowerCase(Locale.ROOT);
        TaskGauges g = gauges(outcome.task());
        switch (outcome.status()) {
            case SUCCEEDED -> {
                counter("lorastream.trainer.jobs.succeeded", "Jobs that announced a candidate", "task", outcome.task())
                        .increment();
                g.finalLoss = outcome.finalLoss();
                g.validationLoss = outcome.candidate().validationLoss();
                g.replayExamples = outcome.replayExamples();
            }
            case FAILED -> counter("lorastream.trainer.jobs.failed", "Jobs that failed; the window was skipped and "
                    + "a failure record written", "task", outcome.task()).increment();
            case CANCELLED -> counter("lorastream.trainer.jobs.cancelled", "Jobs cancelled by an operator or a rebalance",
                    "task", outcome.task()).increment();
        }
        g.loss = Double.NaN;
        g.progressRatio = 0;
        Timer.builder("lorastream.trainer.job.duration").description("Wall time of training jobs, by outcome")
                .tags("task", outcome.task(), "outcome", status).publishPercentileHistogram().register(registry)
                .record(outcome.duration());
    }

    @Override
    public void examplesRead(String task, TaskBuffer.Route route, int count) {
        counter("lorastream.trainer.examples.read", "Examples read from the train topic, by what became of them",
                "task", task, "route", route.name().toLowerCase(Locale.ROOT)).increment(count);
    }

    @Override
    public void examplesSkipped(String reason, int count) {
        counter("lorastream.trainer.examples.skipped", "Records of the train topic that could not be trained",
                "reason", reason).increment(count);
    }

    @Override
    public void lag(Consumer<?, ?> consumer) {
        lag.update(consumer);
    }

    @Override
    public void consumerStopped() {
        lag.close();
    }

    @Override
    public void retried(String step, RuntimeException cause) {
        String kind = cause instanceof io.lorastream.store.ObjectStoreException ? "s3" : "kafka";
        counter("lorastream.trainer.step.retries", "Retries of job steps waiting out an S3 or Kafka outage", "system",
                kind).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(List.of(name, String.join(",", tags)),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
