package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    static Path dataDir;

    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(dataDir.resolve("kafka"), LoopbackPorts.freePort(), LoopbackPorts.freePort());
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void servesClientsOnLoopbackAndRoundTripsARecord() throws Exception {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        createTopic("round-trip");

        KafkaTestClients.produce(broker.bootstrapServers(), "round-trip", "task-a", "hello");

        List<ConsumerRecord<String, String>> records =
                KafkaTestClients.consume(broker.bootstrapServers(), "round-trip", 1, Duration.ofSeconds(20));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("task-a");
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void restartOnTheSamePortKeepsEarlierRecords() throws Exception {
        createTopic("survives-restart");
        KafkaTestClients.produce(broker.bootstrapServers(), "survives-restart", "task-b", "before the outage");

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(() -> connect(broker.port())).isInstanceOf(ConnectException.class);

        broker.start();
        assertThat(broker.isRunning()).isTrue();
        assertThat(KafkaTestClients.consume(broker.bootstrapServers(), "survives-restart", 1, Duration.ofSeconds(20)))
                .extracting(ConsumerRecord::value)
                .containsExactly("before the outage");
    }

    @Test
    void startIsIdempotent() {
        broker.start();
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void busyPortIsReportedWithItsNumberAndRole() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, LoopbackPorts.address())) {
            KafkaBroker blocked = new KafkaBroker(dataDir.resolve("blocked"), squatter.getLocalPort(),
                    LoopbackPorts.freePort());
            assertThatThrownBy(blocked::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Kafka port " + squatter.getLocalPort() + " on 127.0.0.1 is already in use");
            assertThat(blocked.isRunning()).isFalse();
        }
    }

    @Test
    void refusesTheSamePortForClientsAndController() {
        assertThatThrownBy(() -> new KafkaBroker(dataDir, 9092, 9092))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two different ports");
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty()))).all().get();
        }
    }

    private static void connect(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPorts.address(), port), 1_000);
        }
    }
}
