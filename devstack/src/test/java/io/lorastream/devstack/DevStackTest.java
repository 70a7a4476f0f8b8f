package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.TopicSpec;
import io.lorastream.contracts.Topics;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;

class DevStackTest {

    @TempDir
    static Path dataDir;

    static DevStack stack;

    @BeforeAll
    static void startStack() {
        stack = DevStack.builder(dataDir.resolve("stack")).start();
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void configNamesEveryEndpointAndCredential() {
        assertThat(stack.config()).containsExactly(
                Map.entry("kafka.bootstrap.servers", "127.0.0.1:" + stack.kafkaPort()),
                Map.entry("lorastream.s3.endpoint", "http://127.0.0.1:" + stack.s3Port()),
                Map.entry("lorastream.s3.access-key", "lorastream"),
                Map.entry("lorastream.s3.secret-key", "lorastream-secret"),
                Map.entry("lorastream.s3.bucket", ObjectLayout.BUCKET));
    }

    @Test
    void everyTopicAndTheBucketExistAfterStart() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
        }
        assertThat(s3().bucketExists(BucketExistsArgs.builder().bucket(ObjectLayout.BUCKET).build())).isTrue();
    }

    @Test
    void kafkaOutageKeepsPortAndRecords() throws Exception {
        String bootstrap = stack.bootstrapServers();
        KafkaTestClients.produce(bootstrap, Topics.TASKS, "outage", "spec before");

        stack.stopKafka();
        assertThat(stack.kafkaRunning()).isFalse();
        assertThat(stack.s3Running()).isTrue();
        stack.startKafka();

        assertThat(stack.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(KafkaTestClients.consume(bootstrap, Topics.TASKS, 1, Duration.ofSeconds(20)))
                .extracting(ConsumerRecord::value).contains("spec before");
    }

    @Test
    void s3OutageKeepsPortAndObjects() throws Exception {
        S3TestClients.put(s3(), stack.bucket(), "replay/outage/a.json", "kept");

        stack.stopS3();
        assertThat(stack.s3Running()).isFalse();
        stack.startS3();

        assertThat(S3TestClients.get(s3(), stack.bucket(), "replay/outage/a.json")).isEqualTo("kept");
    }

    @Test
    void reopeningTheSameFolderReusesTopicsRecordsAndObjects() throws Exception {
        KafkaTestClients.produce(stack.bootstrapServers(), Topics.ADAPTERS_CHAMPIONS, "reopen", "champion v1");
        S3TestClients.put(s3(), stack.bucket(), "adapters/reopen/v1/evaluation.json", "{}");
        stack.close();

        stack = DevStack.builder(stack.dataDir())
                .kafkaPort(stack.kafkaPort())
                .s3Port(stack.s3Port())
                .start();

        assertThat(KafkaTestClients.consume(stack.bootstrapServers(), Topics.ADAPTERS_CHAMPIONS, 1, Duration.ofSeconds(20)))
                .extracting(ConsumerRecord::value).contains("champion v1");
        assertThat(S3TestClients.get(s3(), stack.bucket(), "adapters/reopen/v1/evaluation.json")).isEqualTo("{}");
    }

    @Test
    void busyKafkaPortFailsTheStartAndLeavesNothingRunning(@TempDir Path otherDir) throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, LoopbackPorts.address())) {
            DevStack blocked = DevStack.builder(otherDir).kafkaPort(squatter.getLocalPort()).build();

            assertThatThrownBy(blocked::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Kafka port " + squatter.getLocalPort());
            assertThat(blocked.kafkaRunning()).isFalse();
            assertThat(blocked.s3Running()).isFalse();
        }
    }

    @Test
    void samePortForTwoServersIsRefusedUpFront(@TempDir Path otherDir) {
        assertThatThrownBy(() -> DevStack.builder(otherDir).kafkaPort(9092).s3Port(9092).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("S3 port 9092 is also given to another devstack server");
    }

    private static MinioClient s3() {
        return S3TestClients.client(stack.s3Endpoint(), stack.accessKey(), stack.secretKey());
    }
}
