package io.lorastream.servicekit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    private final KafkaClientProperties kafka = new KafkaClientProperties(
            KitStack.connection("127.0.0.1:1", Map.of("client.id", "ops-chosen", "acks", "0",
                    "security.protocol", "PLAINTEXT")), "-r1");

    @Test
    void extraPropertiesReachEveryClientButCannotWeakenWhatARoleNeeds() {
        Properties producer = kafka.producer("p", Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO);
        assertThat(producer).containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "ops-chosen")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        assertThat(kafka.reader("r")).containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }

    @Test
    void clientIdsCarryTheSuffix() {
        KafkaClientProperties plain = new KafkaClientProperties(KitStack.connection("127.0.0.1:1", Map.of()), "-r1");
        assertThat(plain.reader("lorastream-x-view")).containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG,
                "lorastream-x-view-r1");
        assertThat(new KafkaClientProperties(KitStack.connection("127.0.0.1:1", Map.of())).admin("h",
                Duration.ofSeconds(5))).containsEntry(CommonClientConfigs.CLIENT_ID_CONFIG, "h")
                .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000")
                .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    }

    @Test
    void requestTimeoutIsHalfTheDeliveryTimeoutWithinOneAndThirtySeconds() {
        assertThat(timeouts(Duration.ofSeconds(10), Duration.ZERO)).isEqualTo(Map.of("request", "5000", "delivery", "10000"));
        assertThat(timeouts(Duration.ofMinutes(5), Duration.ZERO)).isEqualTo(Map.of("request", "30000", "delivery", "300000"));
        assertThat(timeouts(Duration.ofMillis(1500), Duration.ZERO)).isEqualTo(Map.of("request", "1000", "delivery", "1500"));
    }

    @Test
    void aDeliveryTimeoutKafkaWouldRejectIsRaisedToItsMinimum() {
        // Kafka refuses delivery.timeout.ms < request.timeout.ms + linger.ms at construction.
        assertThat(timeouts(Duration.ofMillis(300), Duration.ofMillis(20)))
                .isEqualTo(Map.of("request", "1000", "delivery", "1020"));
        Properties props = new KafkaClientProperties(KitStack.connection("127.0.0.1:1", Map.of()))
                .producer("p", Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(20));
        new KafkaProducer<String, byte[]>(props).close();
    }

    @Test
    void theReaderBuildsAKafkaConsumer() {
        new KafkaConsumer<String, byte[]>(kafka.reader("r")).close();
    }

    private static Map<String, String> timeouts(Duration delivery, Duration linger) {
        Properties props = new KafkaClientProperties(KitStack.connection("127.0.0.1:1", Map.of()))
                .producer("p", delivery, Duration.ofSeconds(5), linger);
        return Map.of("request", props.getProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
                "delivery", props.getProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
    }
}
