package io.lorastream.trainer.kafka;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.Topics;
import io.lorastream.trainer.domain.CandidateAnnouncer;
import io.lorastream.trainer.domain.Retrier;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;

/** Publishes candidates on {@code lorastream.adapters.candidates}, keyed by task, acks from all replicas. */
public final class CandidatePublisher implements CandidateAnnouncer, AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;

    public CandidatePublisher(Properties producerProps, Duration ackTimeout) {
        this.producer = new KafkaProducer<>(producerProps);
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void announce(CandidateEvent candidate) {
        try {
            producer.send(new ProducerRecord<>(Topics.ADAPTERS_CANDIDATES, candidate.task(), ContractJson.toBytes(candidate)))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Retrier.TransientException("Kafka did not acknowledge candidate " + candidate.version() + " within "
                    + ackTimeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RetriableException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new Retrier.TransientException("cannot publish candidate " + candidate.version() + ": " + cause, cause);
            }
            throw new IllegalStateException("Kafka refused candidate " + candidate.version() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Retrier.TransientException("interrupted publishing " + candidate.version(), e);
        } catch (org.apache.kafka.common.KafkaException e) {
            // send() itself failing, e.g. metadata not available within max.block.ms
            throw new Retrier.TransientException("cannot publish candidate " + candidate.version() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
