package io.lorastream.lora.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    private final DeviceSelector noGpu = new DeviceSelector(() -> 0);
    private final DeviceSelector twoGpus = new DeviceSelector(() -> 2);

    @Test
    void autoPicksFirstGpuWhenPresentElseCpu() {
        assertThat(noGpu.select("auto")).isEqualTo(Device.cpu());
        assertThat(twoGpus.select("auto")).isEqualTo(Device.gpu(0));
    }

    @Test
    void nullOrBlankMeansAuto() {
        assertThat(noGpu.select(null)).isEqualTo(Device.cpu());
        assertThat(twoGpus.select(" ")).isEqualTo(Device.gpu(0));
    }

    @Test
    void explicitSettingsAreHonouredCaseInsensitively() {
        assertThat(twoGpus.select("CPU")).isEqualTo(Device.cpu());
        assertThat(twoGpus.select("gpu")).isEqualTo(Device.gpu(0));
        assertThat(twoGpus.select("gpu:1")).isEqualTo(Device.gpu(1));
    }

    @Test
    void missingGpuIsAnErrorNotASilentFallback() {
        assertThatThrownBy(() -> noGpu.select("gpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GPU 0").hasMessageContaining("sees 0");
        assertThatThrownBy(() -> twoGpus.select("gpu:2")).hasMessageContaining("GPU 2");
    }

    @Test
    void malformedSettingListsTheAcceptedForms() {
        assertThatThrownBy(() -> noGpu.select("cuda"))
                .hasMessageContaining("'cuda'")
                .hasMessageContaining(DeviceSelector.ACCEPTED);
    }
}
