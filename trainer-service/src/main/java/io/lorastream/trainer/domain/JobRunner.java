package io.lorastream.trainer.domain;

import io.lorastream.lora.train.CancellationToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs training jobs off the consumer thread, at most {@code capacity} at a time (one per device;
 * DJL's gradient recording is process-wide, so jobs in one process train one after another), and
 * at most one per task. Jobs wait in submission order. Outcomes are handed back through
 * {@link #drainOutcomes()} so the consumer thread, which owns the buffers and the offsets, applies them.
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** A job that is queued or running. */
    public record ActiveJob(String task, String version, Instant submittedAt, CancellationToken cancellation,
                            JobProgress progress) {
        ActiveJob withProgress(JobProgress newProgress) {
            return new ActiveJob(task, version, submittedAt, cancellation, newProgress);
        }
    }

    private final TrainingJob job;
    private final JobObserver observer;
    private final ExecutorService executor;
    private final Map<String, ActiveJob> active = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> futures = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<JobOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Map<String, Deque<JobOutcome>> history = new ConcurrentHashMap<>();
    private final int historySize;

    public JobRunner(TrainingJob job, int capacity, int historySize, JobObserver observer) {
        this.job = job;
        this.observer = observer;
        this.historySize = historySize;
        this.executor = Executors.newFixedThreadPool(capacity, r -> {
            Thread thread = new Thread(r, "trainer-job");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues a job for its task; refused when the task already has one. */
    public boolean submit(JobRequest request) {
        String task = request.plan().task();
        ActiveJob queued = new ActiveJob(task, request.plan().version(), Instant.now(), new CancellationToken(),
                JobProgress.stage("queued"));
        if (active.putIfAbsent(task, queued) != null) {
            return false;
        }
        futures.put(task, executor.submit(() -> execute(request, queued)));
        return true;
    }

    private void execute(JobRequest request, ActiveJob queued) {
        String task = queued.task();
        observer.started(task);
        JobOutcome outcome = job.run(request, queued.cancellation(), p -> {
            active.computeIfPresent(task, (t, current) -> current.withProgress(p));
            observer.progressed(task, p);
        });
        Deque<JobOutcome> past = history.computeIfAbsent(task, t -> new ArrayDeque<>());
        synchronized (past) {
            past.addFirst(outcome);
            while (past.size() > historySize) {
                past.removeLast();
            }
        }
        observer.ended(outcome);
        active.remove(task);
        futures.remove(task);
        outcomes.add(outcome);
    }

    /** Asks the task's job to stop; true when there was one. */
    public boolean cancel(String task) {
        ActiveJob job = active.get(task);
        if (job == null) {
            return false;
        }
        job.cancellation().cancel();
        return true;
    }

    /** Cancels the jobs of these tasks and waits, up to {@code timeout}, until they have stopped. */
    public void cancelAndWait(Collection<String> tasks, Duration timeout) {
        List<Future<?>> stopping = new ArrayList<>();
        for (String task : tasks) {
            if (cancel(task)) {
                Future<?> future = futures.get(task);
                if (future != null) {
                    stopping.add(future);
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> future : stopping) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warnf("a cancelled job did not stop within %s", timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debugf("cancelled job ended with %s", e.toString());
            }
        }
    }

    /** Outcomes since the last call, in the order the jobs ended. */
    public List<JobOutcome> drainOutcomes() {
        List<JobOutcome> drained = new ArrayList<>();
        for (JobOutcome o; (o = outcomes.poll()) != null; ) {
            drained.add(o);
        }
        return drained;
    }

    public Optional<ActiveJob> active(String task) {
        return Optional.ofNullable(active.get(task));
    }

    /** The task's most recent job outcomes, newest first. */
    public List<JobOutcome> history(String task) {
        Deque<JobOutcome> past = history.get(task);
        if (past == null) {
            return List.of();
        }
        synchronized (past) {
            return List.copyOf(past);
        }
    }

    @Override
    public void close() {
        active.values().forEach(j -> j.cancellation().cancel());
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
