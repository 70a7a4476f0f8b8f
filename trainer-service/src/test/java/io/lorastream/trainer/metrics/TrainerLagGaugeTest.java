package io.lorastream.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.DevStack;
import io.lorastream.trainer.kafka.TrainerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The trainer's consumer-lag gauge on a real broker: the unread examples of each train partition the
 * consumer owns, and no gauge left once the consumer stopped (a stale one would be summed on the
 * dashboards with the value the partition's new owner reports).
 */
class TrainerLagGaugeTest {

    private static final String METER = "lorastream.trainer.consumer.lag.records";
    private static final int RECORDS = 7;

    @Test
    void unreadExamplesShowPerOwnedPartitionAndTheGaugesGoWhenTheConsumerStops() throws Exception {
        Path home = Path.of("target", "lag-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(home);
        try (DevStack stack = DevStack.builder(home.resolve("devstack")).start()) {
            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(Topics.EXAMPLES_TRAIN, 2, "lag",
                            ("{}" + i).getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            TrainerMetrics metrics = new TrainerMetrics(registry, new TrainerState(), Device.cpu());
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition(Topics.EXAMPLES_TRAIN, 2);
                consumer.assign(List.of(partition));
                int read = 0;
                while (read == 0) {
                    read += consumer.poll(Duration.ofMillis(200)).count();
                }
                consumer.pause(List.of(partition));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Gauge gauge = null;
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100));
                    metrics.lag(consumer);
                    gauge = registry.find(METER).tag("partition", "2").gauge();
                    if (gauge != null && gauge.value() == RECORDS - read) {
                        break;
                    }
                }
                assertThat(gauge).as("lag gauge of partition 2").isNotNull();
                assertThat(gauge.value()).isEqualTo(RECORDS - read);
            }
            metrics.consumerStopped();
            assertThat(registry.find(METER).gauges()).isEmpty();
        }
    }
}
