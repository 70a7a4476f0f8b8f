package io.lorastream.servicekit.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A group member's lag on one topic as a gauge per partition it owns, tagged {@code partition}: the records on the
 * partition this replica has not read yet. {@link #update} runs on the consumer's poll thread, right after a poll
 * (a {@code KafkaConsumer} is not thread-safe, so a scrape only ever reads the numbers published here). It reads
 * {@code currentLag}, which uses the end offsets the consumer's fetches already brought (no request); until the
 * first fetch of a partition its lag is unknown and the partition keeps its last known value, or has no gauge yet.
 * A partition a rebalance gave to another replica drops its gauge: that replica reports it now.
 */
public final class ConsumerLagGauges implements AutoCloseable {

    private record PartitionGauge(AtomicLong records, Gauge gauge) {
    }

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String topic;
    private final Map<Integer, PartitionGauge> gauges = new ConcurrentHashMap<>();

    /**
     * @param name        the meter name, e.g. {@code lorastream.evaluator.consumer.lag.records}
     * @param description what one record of the topic is, for the meter's help text
     * @param topic       the topic whose partitions are reported (the consumer's other topics, if any, are not)
     */
    public ConsumerLagGauges(MeterRegistry registry, String name, String description, String topic) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.topic = topic;
    }

    /** Publishes the lag of every partition of the topic the consumer owns now; call on its poll thread. */
    public void update(Consumer<?, ?> consumer) {
        Set<Integer> owned = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            if (!partition.topic().equals(topic)) {
                continue;
            }
            owned.add(partition.partition());
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                gauges.computeIfAbsent(partition.partition(), this::register).records().set(lag.getAsLong());
            }
        }
        gauges.keySet().removeIf(partition -> {
            if (owned.contains(partition)) {
                return false;
            }
            registry.remove(gauges.get(partition).gauge());
            return true;
        });
    }

    /** The lag last published per partition (what a scrape reads). */
    public Map<Integer, Long> current() {
        Map<Integer, Long> now = new TreeMap<>();
        gauges.forEach((partition, gauge) -> now.put(partition, gauge.records().get()));
        return now;
    }

    /** Removes every gauge: a consumer that stopped knows no lag. */
    @Override
    public void close() {
        gauges.values().forEach(g -> registry.remove(g.gauge()));
        gauges.clear();
    }

    private PartitionGauge register(int partition) {
        AtomicLong records = new AtomicLong();
        Gauge gauge = Gauge.builder(name, records, AtomicLong::get).description(description)
                .tag("partition", Integer.toString(partition)).register(registry);
        return new PartitionGauge(records, gauge);
    }
}
