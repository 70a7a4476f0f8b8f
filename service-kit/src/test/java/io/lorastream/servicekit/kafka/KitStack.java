package io.lorastream.servicekit.kafka;

import io.lorastream.contracts.TopicSpec;
import io.lorastream.devstack.DevStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A real broker and S3 for the kit's tests, with topics of their own, and a way to write records. */
public final class KitStack {

    /** Three partitions, compacted. */
    public static final String COMPACTED = "kit.compacted";
    /** Two partitions, deleted by retention. */
    public static final String OTHER = "kit.other";

    private KitStack() {
    }

    public static DevStack start(Path dir) {
        return DevStack.builder(dir).topics(List.of(new TopicSpec(COMPACTED, 3, true, null),
                new TopicSpec(OTHER, 2, false, null))).start();
    }

    public static KafkaConnection connection(DevStack stack) {
        return connection(stack.bootstrapServers(), Map.of());
    }

    public static KafkaConnection connection(String bootstrap, Map<String, String> extra) {
        return new KafkaConnection() {
            @Override
            public String bootstrapServers() {
                return bootstrap;
            }

            @Override
            public Map<String, String> clientProperties() {
                return extra;
            }
        };
    }

    /** Writes the records in order and waits for each acknowledgement (a null value is a tombstone). */
    public static RecordMetadata write(DevStack stack, String topic, String key, String value) throws Exception {
        Properties props = new KafkaClientProperties(connection(stack))
                .producer("kit-test", java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5),
                        java.time.Duration.ZERO);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            byte[] bytes = value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return producer.send(new ProducerRecord<>(topic, key, bytes)).get();
        }
    }
}
