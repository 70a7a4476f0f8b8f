package io.lorastream.devstack;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ContractViolationException;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Validates a task spec and publishes it on the compacted tasks topic, keyed by task id: what
 * {@code ./lorastream task put} runs until the registry-service owns task specs.
 *
 * <p>Usage: {@code TaskSpecPublisher <bootstrap-servers> <spec JSON | @file>}. Exit 0 published,
 * 2 invalid spec (the message names the field and the rule), 1 Kafka failure.
 */
public final class TaskSpecPublisher {

    private TaskSpecPublisher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: TaskSpecPublisher <bootstrap-servers> <spec JSON | @file>");
            System.exit(2);
        }
        String json = args[1].startsWith("@")
                ? Files.readString(Path.of(args[1].substring(1)), StandardCharsets.UTF_8)
                : args[1];
        TaskSpec spec;
        try {
            spec = ContractJson.fromJson(json, TaskSpec.class);
        } catch (ContractViolationException e) {
            System.err.println("invalid task spec: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            publish(args[0], spec);
        } catch (Exception e) {
            System.err.println("could not publish to " + Topics.TASKS + " at " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
        System.out.println(ContractJson.toJson(spec));
    }

    /** Publishes {@code spec} and waits for the broker's acknowledgement. */
    public static void publish(String bootstrapServers, TaskSpec spec) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.TASKS, spec.task(), ContractJson.toBytes(spec)))
                    .get(20, TimeUnit.SECONDS);
        }
    }
}
