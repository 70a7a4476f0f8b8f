package io.lorastream.ingest.kafka;

import io.lorastream.contracts.Example;
import io.lorastream.contracts.ExampleEncoder;
import io.lorastream.contracts.Topics;
import io.lorastream.ingest.domain.ExampleSink;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes accepted examples to the train or holdout topic and rejected feedback to the DLQ, keyed by task.
 * A {@code @Singleton}, not {@code @ApplicationScoped}: every accepted row is one call, and a normal-scoped
 * bean's client proxy looks its instance up in the context on each (1% of the service's CPU under load).
 */
@Singleton
public class KafkaExampleWriter implements ExampleSink {

    private final Producer<String, byte[]> producer;

    public KafkaExampleWriter(KafkaClientSettings settings) {
        this.producer = new KafkaProducer<>(settings.producer());
    }

    @Override
    public void write(Example example, boolean holdout, Acknowledgement done) {
        String topic = holdout ? Topics.EXAMPLES_HOLDOUT : Topics.EXAMPLES_TRAIN;
        producer.send(new ProducerRecord<>(topic, example.task(), ExampleEncoder.encode(example)),
                (metadata, error) -> done.completed(error));
    }

    /** Writes a rejected feedback record to the DLQ with its reason, field, rule and origin in headers. */
    public CompletableFuture<Void> deadLetter(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, DeadLetter.REASON, letter.reason());
        header(headers, DeadLetter.FIELD, letter.field());
        header(headers, DeadLetter.RULE, letter.rule());
        header(headers, DeadLetter.ORIGINAL_TOPIC, letter.originalTopic());
        header(headers, DeadLetter.ORIGINAL_PARTITION, Integer.toString(letter.originalPartition()));
        header(headers, DeadLetter.ORIGINAL_OFFSET, Long.toString(letter.originalOffset()));
        return send(new ProducerRecord<>(Topics.EXAMPLES_DLQ, null, letter.key(), letter.value(), headers));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                acknowledged.completeExceptionally(error);
            } else {
                acknowledged.complete(null);
            }
        });
        return acknowledged;
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Flushes and closes the producer (the container calls it on shutdown; tests that build a writer do). */
    @PreDestroy
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
