package io.lorastream.evaluator.kafka;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.Topics;
import io.lorastream.evaluator.domain.DecisionSink;
import io.lorastream.evaluator.domain.TransientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes decisions on {@code lorastream.adapters.decisions}, keyed by task, and waits for the acknowledgement
 * ({@code acks=all}, idempotent producer): the candidate's offset is committed only after that.
 */
@ApplicationScoped
public class KafkaDecisionPublisher implements DecisionSink {

    private final KafkaProducer<String, byte[]> producer;
    private final long ackWaitMillis;

    public KafkaDecisionPublisher(KafkaClientSettings settings) {
        this.producer = new KafkaProducer<>(settings.producer());
        this.ackWaitMillis = settings.ackWaitMillis();
    }

    @Override
    public void publish(DecisionEvent decision) {
        try {
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_DECISIONS, decision.task(), ContractJson.toBytes(decision)))
                    .get(ackWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("interrupted while publishing the decision", e);
        } catch (ExecutionException e) {
            throw new TransientException("the decision was not acknowledged: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException | KafkaException e) {
            throw new TransientException("the decision was not acknowledged: " + e, e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
