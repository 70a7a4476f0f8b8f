package io.lorastream.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.lorastream.trainer.kafka.TrainerState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Which process metrics exist depends on the device DJL chose; no GPU is needed to check the choice. */
class TrainerMetricsTest {

    @Test
    void onTheCpuThereIsNoGpuMemoryGauge() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TrainerMetrics(registry, new TrainerState(), Device.cpu());

        assertThat(registry.find("lorastream.trainer.device.info").tag("device", "cpu()").gauge()).isNotNull();
        assertThat(registry.find("lorastream.trainer.gpu.memory.used.bytes").gauge()).isNull();
    }

    @Test
    void onAGpuItsMemoryIsReportedForThatDevice() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TrainerMetrics(registry, new TrainerState(), Device.gpu(1));

        assertThat(registry.find("lorastream.trainer.device.info").tag("device", "gpu(1)").gauge()).isNotNull();
        assertThat(registry.find("lorastream.trainer.gpu.memory.used.bytes").tag("device", "gpu(1)").gauge()).isNotNull();
        assertThat(registry.find("lorastream.trainer.gpu.memory.total.bytes").tag("device", "gpu(1)").gauge()).isNotNull();
    }
}
