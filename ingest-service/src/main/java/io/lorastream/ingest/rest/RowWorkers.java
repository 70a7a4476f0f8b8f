package io.lorastream.ingest.rest;

import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.Counter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that parse, prepare and send the rows of a buffered request: as many as the machine has cores
 * by default, with a bounded queue of requests waiting for them. The work is CPU only (the body is in memory,
 * and no thread waits for Kafka's acknowledgements), so more threads than cores only take turns: with the
 * shared worker pool, eight concurrent requests on two cores ran eight workers that preempted each other inside
 * a request, and the service spent 10-30% more CPU per example, most in a run where they happened to collide
 * (ingest benchmark, 2026-12-03 evening). A streamed body still goes to the shared pool, where a worker may
 * wait for a slow upload's chunks without holding up these threads.
 *
 * <p>The queue's length and the requests taken or refused are metrics ({@link IngestMetrics#rowWorkersQueue}).
 */
@Singleton
public class RowWorkers implements Executor {

    private final ThreadPoolExecutor pool;
    private final int maxQueuedRequests;
    private final Counter taken;
    private final Counter refused;

    @Inject
    public RowWorkers(IngestConfig config, IngestMetrics metrics) {
        this(config.rows().threads().orElse(Runtime.getRuntime().availableProcessors()), config.rows().maxQueuedRequests(),
                metrics);
    }

    RowWorkers(int threads, int maxQueuedRequests, IngestMetrics metrics) {
        this.maxQueuedRequests = maxQueuedRequests;
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueuedRequests), work -> {
                    Thread thread = new Thread(work, "ingest-rows-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        metrics.rowWorkersQueue(pool.getQueue());
        this.taken = metrics.rowWorkersRequests("taken");
        this.refused = metrics.rowWorkersRequests("refused");
    }

    /** Runs a request's row work; refuses with 503 when {@code max-queued-requests} are already waiting. */
    @Override
    public void execute(Runnable work) {
        try {
            pool.execute(work);
            taken.increment();
        } catch (RejectedExecutionException e) {
            refused.increment();
            throw new ServiceUnavailableException("the service is busy: " + maxQueuedRequests
                    + " requests are waiting for a row worker (lorastream.ingest.rows.max-queued-requests)", "busy");
        }
    }

    int threads() {
        return pool.getCorePoolSize();
    }

    @PreDestroy
    void close() {
        pool.shutdown();
    }
}
