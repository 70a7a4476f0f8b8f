package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DevStackOptionsTest {

    @Test
    void defaultsAreTheDocumentedPortsAndCredentials() {
        DevStackOptions options = DevStackOptions.parse(new String[0], Map.of());

        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.kafkaControllerPort()).isEqualTo(9093);
        assertThat(options.s3Port()).isEqualTo(9000);
        assertThat(options.credentials()).isEqualTo(new S3Credentials("lorastream", "lorastream-secret"));
        assertThat(options.dataDir()).isEqualTo(Path.of(".lorastream", "devstack").toAbsolutePath());
    }

    @Test
    void environmentMovesPortsDataAndCredentials() {
        DevStackOptions options = DevStackOptions.parse(new String[0], Map.of(
                "LORASTREAM_HOME", "/tmp/ls-home",
                "LORASTREAM_KAFKA_PORT", "19092",
                "LORASTREAM_S3_PORT", "19000",
                "LORASTREAM_S3_ACCESS_KEY", "me",
                "LORASTREAM_S3_SECRET_KEY", "my-secret"));

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/ls-home/devstack"));
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.kafkaControllerPort()).as("follows the Kafka port").isEqualTo(19093);
        assertThat(options.s3Port()).isEqualTo(19000);
        assertThat(options.credentials()).isEqualTo(new S3Credentials("me", "my-secret"));
    }

    @Test
    void flagsWinOverTheEnvironment() {
        DevStackOptions options = DevStackOptions.parse(
                new String[] {"--data-dir", "/tmp/flag", "--kafka-port", "29092", "--kafka-controller-port", "29999",
                    "--s3-port", "29000"},
                Map.of("LORASTREAM_HOME", "/tmp/env", "LORASTREAM_KAFKA_PORT", "19092", "LORASTREAM_S3_PORT", "19000"));

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/flag"));
        assertThat(options.kafkaPort()).isEqualTo(29092);
        assertThat(options.kafkaControllerPort()).isEqualTo(29999);
        assertThat(options.s3Port()).isEqualTo(29000);
    }

    @Test
    void badValuesNameTheirSource() {
        assertThatThrownBy(() -> DevStackOptions.parse(new String[0], Map.of("LORASTREAM_S3_PORT", "nine")))
                .hasMessage("LORASTREAM_S3_PORT must be a port number, got 'nine'");
        assertThatThrownBy(() -> DevStackOptions.parse(new String[] {"--kafka-port", "70000"}, Map.of()))
                .hasMessage("--kafka-port must be a port between 1 and 65535, got 70000");
        assertThatThrownBy(() -> DevStackOptions.parse(new String[] {"--s3-port"}, Map.of()))
                .hasMessage("missing value after --s3-port");
        assertThatThrownBy(() -> DevStackOptions.parse(new String[] {"--verbose", "yes"}, Map.of()))
                .hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> DevStackOptions.parse(new String[] {"--s3-port", "9092"}, Map.of()))
                .hasMessageContaining("need three different ports");
    }

    @Test
    void namesTheVariableThatMovesABusyPort() {
        DevStackOptions options = DevStackOptions.parse(new String[0], Map.of());

        assertThat(options.envVariableFor(9092)).isEqualTo("LORASTREAM_KAFKA_PORT");
        assertThat(options.envVariableFor(9093)).isEqualTo("LORASTREAM_KAFKA_CONTROLLER_PORT");
        assertThat(options.envVariableFor(9000)).isEqualTo("LORASTREAM_S3_PORT");
    }
}
