package io.lorastream.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.ingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RowWorkersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void runsWorkOnItsOwnNamedThreads() throws InterruptedException {
        RowWorkers workers = new RowWorkers(2, 4, new IngestMetrics(registry));
        try {
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch ran = new CountDownLatch(1);
            workers.execute(() -> {
                thread.set(Thread.currentThread().getName());
                ran.countDown();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(thread.get()).startsWith("ingest-rows-");
            assertThat(workers.threads()).isEqualTo(2);
        } finally {
            workers.close();
        }
    }

    @Test
    void refusesWithServiceUnavailableOnceTheQueueIsFull() throws InterruptedException {
        RowWorkers workers = new RowWorkers(1, 1, new IngestMetrics(registry));
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queuedRan = new CountDownLatch(1);
        try {
            workers.execute(() -> {
                busy.countDown();
                await(release);
            });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            workers.execute(queuedRan::countDown);
            assertThat(queuedRequests()).isEqualTo(1);

            assertThatThrownBy(() -> workers.execute(() -> { }))
                    .isInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("lorastream.ingest.rows.max-queued-requests")
                    .hasMessageContaining("1 requests are waiting")
                    .extracting(e -> ((ServiceUnavailableException) e).rule()).isEqualTo("busy");
            assertThat(requests("taken")).isEqualTo(2);
            assertThat(requests("refused")).isEqualTo(1);

            release.countDown();
            // The queued request was kept, not dropped, and runs once the thread is free.
            assertThat(queuedRan.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(queuedRequests()).isZero();
        } finally {
            release.countDown();
            workers.close();
        }
    }

    private double queuedRequests() {
        return registry.get("lorastream.ingest.row.workers.queued.requests").gauge().value();
    }

    private double requests(String outcome) {
        return registry.get("lorastream.ingest.row.workers.requests").tag("outcome", outcome).counter().count();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
