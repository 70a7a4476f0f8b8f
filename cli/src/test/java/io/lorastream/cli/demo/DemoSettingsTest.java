package io.lorastream.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    @Test
    void defaultsAreTheLocalSystemsPortsAndTheDocumentedSizes() {
        DemoSettings settings = DemoSettings.from(Map.of("LORASTREAM_HOME", "/data/ls"));

        assertThat(settings.ingest()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(settings.trainer()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(settings.evaluator()).isEqualTo(URI.create("http://127.0.0.1:8083"));
        assertThat(settings.registry()).isEqualTo(URI.create("http://127.0.0.1:8084"));
        assertThat(settings.workDir()).isEqualTo(Path.of("/data/ls/demo"));
        assertThat(settings.task()).isEqualTo("spam");
        assertThat(settings.waveSize()).isEqualTo(1500);
        assertThat(settings.unseenSize()).isEqualTo(600);
        assertThat(settings.windowSize()).isEqualTo(1150);
        assertThat(settings.holdoutShare()).isEqualTo(0.2);
        assertThat((double) settings.windowSize())
                .as("a window fits in one wave's training share, so each wave cuts one")
                .isLessThan(settings.waveSize() * (1 - settings.holdoutShare()));
        assertThat(settings.stall()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void overridesAreTaken() {
        DemoSettings settings = DemoSettings.from(Map.of("LORASTREAM_REGISTRY_URL", "http://registry:9999/",
                "LORASTREAM_DEMO_WAVE_SIZE", "250", "LORASTREAM_DEMO_HOLDOUT", "0.2", "LORASTREAM_DEMO_TASK", "spam-eu",
                "LORASTREAM_ADMIN_TOKEN", "a", "LORASTREAM_READ_TOKEN", "r", "LORASTREAM_INGEST_TOKEN", "i"));

        assertThat(settings.registry()).isEqualTo(URI.create("http://registry:9999"));
        assertThat(settings.waveSize()).isEqualTo(250);
        assertThat(settings.holdoutShare()).isEqualTo(0.2);
        assertThat(settings.task()).isEqualTo("spam-eu");
        assertThat(settings.adminToken()).isEqualTo("a");
        assertThat(settings.readToken()).isEqualTo("r");
        assertThat(settings.ingestToken()).isEqualTo("i");
    }

    @Test
    void aBadValueNamesTheVariableAndTheRule() {
        assertThatThrownBy(() -> DemoSettings.from(Map.of("LORASTREAM_DEMO_WINDOW", "0")))
                .hasMessage("LORASTREAM_DEMO_WINDOW must be a positive whole number, got '0'");
        assertThatThrownBy(() -> DemoSettings.from(Map.of("LORASTREAM_DEMO_WAVE_SIZE", "many")))
                .hasMessage("LORASTREAM_DEMO_WAVE_SIZE must be a positive whole number, got 'many'");
        assertThatThrownBy(() -> DemoSettings.from(Map.of("LORASTREAM_DEMO_HOLDOUT", "1.5")))
                .hasMessage("LORASTREAM_DEMO_HOLDOUT must be a number between 0 and 1 (exclusive), got '1.5'");
    }
}
