package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The test resource as the services use it: in the same JVM as a Quarkus application with
 * SmallRye Kafka, JBoss logging and Jackson 2, next to S3Proxy's Jackson 3.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DevStackQuarkusTest {

    @InjectDevStack
    DevStack devStack;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "lorastream.s3.endpoint")
    String s3Endpoint;
    @ConfigProperty(name = "lorastream.s3.access-key")
    String accessKey;
    @ConfigProperty(name = "lorastream.s3.secret-key")
    String secretKey;
    @ConfigProperty(name = "lorastream.s3.bucket")
    String bucket;

    @Inject
    FeedbackEcho echo;

    @Test
    void applicationConfigComesFromTheRunningDevStack() {
        assertThat(devStack).isNotNull().isSameAs(DevStackTestResource.current());
        assertThat(bootstrapServers).isEqualTo(devStack.bootstrapServers());
        assertThat(s3Endpoint).isEqualTo(devStack.s3Endpoint());
        assertThat(accessKey).isEqualTo(devStack.accessKey());
        assertThat(secretKey).isEqualTo(devStack.secretKey());
        assertThat(bucket).isEqualTo("lorastream");
    }

    @Test
    void smallRyeKafkaRoundTripSurvivesABrokerRestart() {
        echo.send("before the outage");
        awaitTrue(() -> echo.received().contains("before the outage"), Duration.ofSeconds(30));

        devStack.stopKafka();
        devStack.startKafka();

        echo.send("after the outage");
        awaitTrue(() -> echo.received().contains("after the outage"), Duration.ofSeconds(60));
    }

    @Test
    void s3ClientWorksWithTheInjectedSettings() throws Exception {
        MinioClient client = S3TestClients.client(s3Endpoint, accessKey, secretKey);

        S3TestClients.put(client, bucket, "models/tiny/config.json", "{\"hidden_size\":8}");

        assertThat(S3TestClients.get(client, bucket, "models/tiny/config.json")).isEqualTo("{\"hidden_size\":8}");
        // A listing is rendered by S3Proxy's Jackson 3 XML mapper, in this JVM full of Jackson 2.
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("models/").recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        assertThat(keys).contains("models/tiny/config.json");
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
