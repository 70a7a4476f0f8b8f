package io.lorastream.servicekit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.servicekit.kafka.KitStack;
import io.lorastream.servicekit.kafka.OnKitStack;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** {@link ConsumerLagGauges} on a real broker: unread records show per partition, drain to zero, revoked ones go. */
class ConsumerLagGaugesTest extends OnKitStack {

    private static final String TOPIC = KitStack.OTHER;
    private static final String OTHER = KitStack.COMPACTED;
    private static final String METER = "lorastream.kit.consumer.lag.records";
    private static final int RECORDS = 12;

    @Test
    void unreadRecordsShowPerOwnedPartitionUntilReadAndRevokedPartitionsLoseTheirGauge() throws Exception {
        // All records on partition 1 of the topic, one on the other topic (which these gauges do not report).
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("lag-test",
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO))) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 1, "k", ("r" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
            producer.send(new ProducerRecord<>(OTHER, 0, "k", "x".getBytes(StandardCharsets.UTF_8))).get();
        }
        Properties props = kafka.reader("lag-test-consumer");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "lag-test");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "3");
        MeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
             ConsumerLagGauges gauges = new ConsumerLagGauges(registry, METER, "test records", TOPIC)) {
            consumer.subscribe(List.of(TOPIC, OTHER));
            int read = 0;
            // Poll until the first records arrived, then hold the partitions: no more fetching, so no more reading.
            while (read == 0) {
                for (ConsumerRecord<String, byte[]> ignored : consumer.poll(Duration.ofMillis(200)).records(TOPIC)) {
                    read++; // the other topic's record does not count: its lag is not reported
                }
                gauges.update(consumer);
            }
            int readBeforePause = read;
            consumer.pause(consumer.assignment());
            Map<Integer, Long> held = await(registry, consumer, gauges,
                    lag -> Long.valueOf(RECORDS - readBeforePause).equals(lag.get(1)));
            assertThat(read).isLessThanOrEqualTo(3);
            assertThat(held).containsEntry(1, (long) (RECORDS - read));
            Thread.sleep(1_000); // more polls while paused read nothing, so the lag stays
            for (int i = 0; i < 5; i++) {
                consumer.poll(Duration.ofMillis(100));
                gauges.update(consumer);
            }
            assertThat(lag(registry)).isEqualTo(held);
            assertThat(gauges.current()).isEqualTo(held);

            consumer.resume(consumer.paused());
            await(registry, consumer, gauges, lag -> lag.size() == 2 && lag.values().stream().allMatch(l -> l == 0));

            // Losing the partitions (here by leaving the group) drops their gauges; the other topic never had one.
            consumer.unsubscribe();
            gauges.update(consumer);
            assertThat(lag(registry)).isEmpty();
            assertThat(registry.find(METER).gauges()).isEmpty();
        }
    }

    @Test
    void closingRemovesEveryGauge() throws Exception {
        Properties props = kafka.reader("lag-close-consumer");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "lag-close-test");
        MeterRegistry registry = new SimpleMeterRegistry();
        ConsumerLagGauges gauges = new ConsumerLagGauges(registry, METER, "test records", TOPIC);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            await(registry, consumer, gauges, lag -> lag.size() == 2);
        }
        gauges.close();
        assertThat(registry.find(METER).gauges()).isEmpty();
    }

    /** Polls (discarding records) and updates the gauges until their scraped values satisfy the condition. */
    private static Map<Integer, Long> await(MeterRegistry registry, KafkaConsumer<String, byte[]> consumer,
                                            ConsumerLagGauges gauges, Predicate<Map<Integer, Long>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<Integer, Long> lag = lag(registry);
        while (!condition.test(lag)) {
            assertThat(System.nanoTime()).as("lag per partition now: %s", lag).isLessThan(deadline);
            consumer.poll(Duration.ofMillis(100));
            gauges.update(consumer);
            lag = lag(registry);
        }
        return lag;
    }

    /** The gauge's value per partition tag, as a scrape would read it. */
    private static Map<Integer, Long> lag(MeterRegistry registry) {
        Map<Integer, Long> lag = new TreeMap<>();
        for (Gauge g : registry.find(METER).gauges()) {
            lag.put(Integer.parseInt(g.getId().getTag("partition")), (long) g.value());
        }
        return lag;
    }
}
