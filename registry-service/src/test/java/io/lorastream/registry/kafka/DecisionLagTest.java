package io.lorastream.registry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.Topics;
import io.lorastream.contracts.VersionId;
import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.LoopbackPorts;
import io.lorastream.registry.domain.DecisionOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decisions consumer's lag gauge ({@code lorastream.registry.consumer.lag.records}) on a real broker: decisions a
 * replica cannot handle (its S3 is unreachable, so each poll is rewound and retried) stay as lag, and a replica that
 * can handle them drains the lag to zero.
 */
class DecisionLagTest {

    private static final String METER = "lorastream.registry.consumer.lag.records";
    private static final String TASK = "lag-task";
    private static final int DECISIONS = 15;
    private static final String GROUP = "lag-test";

    private static DevStack stack;

    @BeforeAll
    static void startDevStack() {
        stack = DevStack.builder(Path.of("target", "decision-lag-" + UUID.randomUUID().toString().substring(0, 8))).start();
    }

    @AfterAll
    static void stopDevStack() {
        stack.close();
    }

    private static String version(int n) {
        return VersionId.of(Instant.parse("2026-12-02T00:00:00Z").plusSeconds(60L * n), "lag" + n);
    }

    @Test
    void decisionsNotHandledYetShowAsLagUntilAReplicaHandlesThem() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int n = 0; n < DECISIONS; n++) {
                // Approved, so handling reads S3 first (a rejection needs nothing but a log line).
                DecisionEvent decision = new DecisionEvent(SchemaVersion.CURRENT, TASK, version(n), null, true,
                        List.of(new CheckResult("gate", 1, 0, true, null)), Map.of(), Map.of(), Map.of(), 1,
                        Instant.parse("2026-12-02T01:00:00Z").plusSeconds(n));
                producer.send(new ProducerRecord<>(Topics.ADAPTERS_DECISIONS, TASK, ContractJson.toBytes(decision))).get();
            }
        }

        MeterRegistry stuckMeters = new SimpleMeterRegistry();
        Replica stuck = new Replica(stack, GROUP, "http://127.0.0.1:" + LoopbackPorts.freePort(), stuckMeters);
        try {
            await(stuckMeters, lag -> lag.size() == Topics.TASK_PARTITIONS && total(lag) > 0);
            for (int i = 0; i < 10; i++) { // rewound and retried, never handled: the lag stays
                assertThat(total(lag(stuckMeters))).isBetween(1L, (long) DECISIONS);
                Thread.sleep(200);
            }
        } finally {
            stuck.close();
        }
        assertThat(stuckMeters.find(METER).gauges()).as("a stopped consumer reports no lag").isEmpty();

        MeterRegistry meters = new SimpleMeterRegistry();
        try (Replica working = new Replica(stack, GROUP, stack.s3Endpoint(), meters)) {
            await(meters, lag -> lag.size() == Topics.TASK_PARTITIONS && total(lag) == 0);
            // Read is not yet handled: the last poll's decisions are still being handled when the lag is 0. No
            // candidate was ever announced, so each approval ends recorded as failed, but handled.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (int n = 0; n < DECISIONS; n++) {
                Optional<DecisionOutcome> outcome;
                while ((outcome = working.outcomes.find(TASK, version(n), true)).isEmpty()) {
                    assertThat(System.nanoTime()).as("outcome of %s", version(n)).isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(outcome.get().outcome()).isEqualTo(DecisionOutcome.Outcome.FAILED);
            }
        }
    }

    private static long total(Map<Integer, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The gauge's value per partition tag, as a scrape would read it. */
    private static Map<Integer, Long> lag(MeterRegistry registry) {
        Map<Integer, Long> lag = new TreeMap<>();
        for (Gauge g : registry.find(METER).gauges()) {
            lag.put(Integer.parseInt(g.getId().getTag("partition")), (long) g.value());
        }
        return lag;
    }

    private static void await(MeterRegistry registry, Predicate<Map<Integer, Long>> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.test(lag(registry))) {
            assertThat(System.nanoTime()).as("lag per partition now: %s", lag(registry)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
