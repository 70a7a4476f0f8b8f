package io.lorastream.registry.kafka;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.registry.domain.ChampionPublisher;
import io.lorastream.registry.domain.RetriableException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The registry's one producer: champion changes on the compacted champions topic and task specs on
 * the compacted tasks topic, both keyed by task id, each send awaited until acknowledged.
 */
public final class RegistryProducer implements ChampionPublisher, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final long ackWaitMillis;

    public RegistryProducer(Properties producerProps, long ackWaitMillis) {
        this.producer = new KafkaProducer<>(producerProps);
        this.ackWaitMillis = ackWaitMillis;
    }

    @Override
    public void publish(ChampionEvent event) {
        send(Topics.ADAPTERS_CHAMPIONS, event.task(), ContractJson.toBytes(event));
    }

    /** Writes a task spec; returns the record's offset once acknowledged. */
    public RecordMetadata putTask(TaskSpec spec) {
        return send(Topics.TASKS, spec.task(), ContractJson.toBytes(spec));
    }

    private RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(ackWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RetriableException("Kafka did not acknowledge the write to " + topic + ": " + cause, cause);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
