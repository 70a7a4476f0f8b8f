package io.lorastream.servicekit.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.LoopbackPorts;
import io.lorastream.servicekit.kafka.KafkaClientProperties;
import io.lorastream.servicekit.kafka.KitStack;
import io.lorastream.servicekit.s3.ObjectStores;
import io.lorastream.servicekit.s3.S3Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka and S3 probes against a real broker and S3, and against nothing listening. */
class ProbesTest {

    @TempDir
    static Path dir;
    static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.builder(dir.resolve("stack")).start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void kafkaIsUpWithItsBrokerCount() {
        try (KafkaClusterProbe probe = new KafkaClusterProbe(admin(stack.bootstrapServers()))) {
            HealthCheckResponse response = probe.check();
            assertThat(response.getName()).isEqualTo("kafka");
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData()).contains(Map.of("brokers", 1L));
        }
    }

    @Test
    void kafkaIsDownWithTheErrorWhenNoBrokerAnswers() {
        String nobody = "127.0.0.1:" + LoopbackPorts.freePort();
        try (KafkaClusterProbe probe = new KafkaClusterProbe(admin(nobody), Duration.ofMillis(500))) {
            HealthCheckResponse response = probe.check();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow().get("error").toString()).startsWith("TimeoutException");
        }
    }

    @Test
    void s3IsUpWhenTheBucketExistsAndDownOtherwise() {
        HealthCheckResponse up = new ObjectStoreProbe(ObjectStores.connect(s3(stack.s3Endpoint(), stack.bucket()))).check();
        assertThat(up.getName()).isEqualTo("s3");
        assertThat(up.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(up.getData()).contains(Map.of("bucket", stack.bucket()));

        HealthCheckResponse noBucket = new ObjectStoreProbe(ObjectStores.connect(s3(stack.s3Endpoint(), "no-such-bucket")))
                .check();
        assertThat(noBucket.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(noBucket.getData()).contains(Map.of("bucket", "no-such-bucket"));

        String nobody = "http://127.0.0.1:" + LoopbackPorts.freePort();
        assertThat(new ObjectStoreProbe(ObjectStores.connect(s3(nobody, stack.bucket()))).check().getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    private static java.util.Properties admin(String bootstrap) {
        return new KafkaClientProperties(KitStack.connection(bootstrap, Map.of())).admin("kit-health", Duration.ofSeconds(3));
    }

    private static S3Connection s3(String endpoint, String bucket) {
        return new S3Connection() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public String accessKey() {
                return stack.accessKey();
            }

            @Override
            public String secretKey() {
                return stack.secretKey();
            }

            @Override
            public String bucket() {
                return bucket;
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
