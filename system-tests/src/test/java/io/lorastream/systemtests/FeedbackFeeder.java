package io.lorastream.systemtests;

import io.lorastream.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A production system writing feedback straight to {@code lorastream.feedback} (ingest's Kafka-native
 * input): one record at a time, each resent until the broker acknowledged it, as a careful producer does.
 * It remembers which examples the broker acknowledged.
 */
final class FeedbackFeeder implements AutoCloseable {

    private final String task;
    private final String prefix;
    private final KafkaProducer<String, String> producer;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger failedSends = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread loop;

    FeedbackFeeder(String bootstrapServers, String task, String prefix) {
        this.task = task;
        this.prefix = prefix;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // An outage fails a send within seconds; the loop then sends it again.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "4000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    void start() {
        running.set(true);
        loop = new Thread(this::feed, "feedback-feeder-" + task);
        loop.setDaemon(true);
        loop.start();
    }

    private void feed() {
        for (int i = 0; running.get(); i++) {
            String text = FaultTasks.text(prefix, i);
            String value = "{\"text\":\"" + text + "\",\"label\":\"" + FaultTasks.label(i) + "\"}";
            while (true) {
                try {
                    producer.send(new ProducerRecord<>(Topics.FEEDBACK, task, value)).get();
                    acknowledged.add(text);
                    break;
                } catch (ExecutionException | RuntimeException e) {
                    failedSends.incrementAndGet();
                    Await.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Await.sleep(5);
        }
    }

    /** Finishes the record being sent (resent until acknowledged), then stops. */
    void stop() {
        running.set(false);
        if (loop != null) {
            try {
                loop.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loop.isAlive()) {
                throw new AssertionError("the feedback feeder of " + task + " did not get its last record acknowledged");
            }
        }
    }

    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    int failedSends() {
        return failedSends.get();
    }

    @Override
    public void close() {
        stop();
        producer.close();
    }
}
