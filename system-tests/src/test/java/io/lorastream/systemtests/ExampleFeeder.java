package io.lorastream.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A well-behaved client of ingest's API under test: sends batches of unique examples and, as the API asks,
 * retries a batch that was not answered 202 (503 with Retry-After, no answer while the service restarts)
 * until it is. It remembers which examples were acknowledged and every answer it saw.
 */
final class ExampleFeeder implements AutoCloseable {

    /** A batch not acknowledged within this (the service or broker never came back) fails the scenario. */
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(120);

    private final RunningSystem system;
    private final String task;
    private final String prefix;
    private final int batchSize;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicInteger batches = new AtomicInteger();
    private Thread loop;
    private int next;

    ExampleFeeder(RunningSystem system, String task, String prefix, int batchSize) {
        this.system = system;
        this.task = task;
        this.prefix = prefix;
        this.batchSize = batchSize;
    }

    /** Sends the next batch and retries it until it is acknowledged; returns its texts. */
    List<String> sendBatch() {
        int from;
        synchronized (this) {
            from = next;
            next += batchSize;
        }
        String body = FaultTasks.batch(prefix, from, batchSize);
        long deadline = System.nanoTime() + BATCH_TIMEOUT.toNanos();
        while (true) {
            inFlight.set(true);
            ApiClient.Answer answer = system.postExamples(task, body);
            inFlight.set(false);
            statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
            if (answer.status() == 202) {
                int written = answer.json().path("accepted").asInt() + answer.json().path("duplicates").asInt();
                if (written != batchSize) {
                    unexpected.add("batch from " + from + ": 202 for " + written + " of " + batchSize + " rows: " + answer);
                }
                List<String> texts = FaultTasks.texts(prefix, from, batchSize);
                acknowledged.addAll(texts);
                batches.incrementAndGet();
                return texts;
            }
            // 503: broker or service not ready; -1: the service is down or restarting; 404: the task has not
            // reached ingest's catalog yet. Anything else is a wrong answer to a valid batch.
            if (answer.status() != 503 && answer.status() != -1 && answer.status() != 404) {
                unexpected.add("batch from " + from + ": " + answer);
                throw new AssertionError("batch from " + from + " of task " + task + " answered " + answer);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batch from " + from + " of task " + task + " not acknowledged within "
                        + BATCH_TIMEOUT + "; last answer " + answer);
            }
            Await.sleep(answer.status() == 503 ? 1000 : 200);
        }
    }

    /** Sends batches one after the other on a background thread until {@link #stop()}. */
    void start() {
        running.set(true);
        loop = new Thread(() -> {
            while (running.get()) {
                sendBatch();
            }
        }, "feeder-" + task);
        loop.setDaemon(true);
        loop.start();
    }

    /** Lets the batch in flight finish (retries included), then stops the loop. */
    void stop() {
        running.set(false);
        if (loop != null) {
            try {
                loop.join(BATCH_TIMEOUT.toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loop.isAlive()) {
                throw new AssertionError("the feeder of " + task + " did not finish its last batch");
            }
        }
    }

    /** True while a request is on the wire. */
    boolean inFlight() {
        return inFlight.get();
    }

    int batchesAcknowledged() {
        return batches.get();
    }

    /** Every text of every acknowledged batch. */
    List<String> acknowledged() {
        return new ArrayList<>(acknowledged);
    }

    /** How often each status was answered (-1: no answer). */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> copy = new java.util.TreeMap<>();
        statuses.forEach((s, n) -> copy.put(s, n.get()));
        return copy;
    }

    /** Answers a correct client should never get. */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    @Override
    public void close() {
        stop();
    }
}
