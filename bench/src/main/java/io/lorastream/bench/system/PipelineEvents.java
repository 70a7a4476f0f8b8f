package io.lorastream.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorastream.contracts.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one task's candidates, decisions and champion changes on their topics from the moment it
 * is opened (group-less, from the end), and remembers for each version when each event was written
 * (the record's timestamp, set by the producing service) and what it said.
 */
final class PipelineEvents implements AutoCloseable {

    /** One event of a version: when its record was written, and its value. */
    record Seen(Instant writtenAt, JsonNode value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String task;
    private final KafkaConsumer<String, String> consumer;
    private final Thread poller;
    private final Map<String, Seen> candidates = new ConcurrentHashMap<>();
    private final Map<String, Seen> decisions = new ConcurrentHashMap<>();
    private final Map<String, Seen> champions = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    PipelineEvents(String bootstrapServers, String task) {
        this.task = task;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.ADAPTERS_CANDIDATES, Topics.ADAPTERS_DECISIONS, Topics.ADAPTERS_CHAMPIONS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before anything is sent
        poller = new Thread(this::poll, "pipeline-events");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (!task.equals(r.key()) || r.value() == null) {
                    continue;
                }
                try {
                    JsonNode value = JSON.readTree(r.value());
                    Seen seen = new Seen(Instant.ofEpochMilli(r.timestamp()), value);
                    switch (r.topic()) {
                        case Topics.ADAPTERS_CANDIDATES -> candidates.putIfAbsent(value.path("version").asText(), seen);
                        case Topics.ADAPTERS_DECISIONS -> decisions.putIfAbsent(value.path("candidateVersion").asText(), seen);
                        default -> champions.putIfAbsent(value.path("version").asText(), seen);
                    }
                } catch (Exception e) {
                    System.err.println("unreadable event on " + r.topic() + ": " + e.getMessage());
                }
            }
        }
        consumer.close();
    }

    /** The first candidate announced for the task that is not in {@code known}, waiting up to {@code timeout}. */
    String awaitNewCandidate(List<String> known, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String version : candidates.keySet()) {
                if (!known.contains(version)) {
                    return version;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no new candidate for " + task + " within " + timeout + " (known: " + known + ")");
    }

    Seen awaitCandidate(String version, Duration timeout) throws InterruptedException {
        return await(candidates, version, "candidate", timeout);
    }

    Seen awaitDecision(String version, Duration timeout) throws InterruptedException {
        return await(decisions, version, "decision", timeout);
    }

    Seen awaitChampion(String version, Duration timeout) throws InterruptedException {
        return await(champions, version, "champion change", timeout);
    }

    private Seen await(Map<String, Seen> events, String version, String what, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Seen seen = events.get(version);
            if (seen != null) {
                return seen;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no " + what + " for " + task + " " + version + " within " + timeout);
    }

    /** How many candidates, decisions and champion changes of the task were seen so far. */
    Map<String, Integer> counts() {
        return Map.of("candidates", candidates.size(), "decisions", decisions.size(), "championChanges", champions.size());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
    }
}
