package io.lorastream.registry.kafka;

import io.lorastream.devstack.DevStack;
import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.registry.domain.ChampionBoard;
import io.lorastream.registry.domain.PromotionService;
import io.lorastream.registry.domain.RegistryObserver;
import io.lorastream.registry.domain.TaskCatalog;
import io.lorastream.registry.domain.VersionCatalog;
import io.lorastream.registry.metrics.RegistryMetrics;
import io.lorastream.registry.store.ChampionHistoryStore;
import io.lorastream.registry.store.OutcomeStore;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.S3Settings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One registry replica without Quarkus, wired as {@code RegistryWiring} wires the service: its own
 * view, producer, stores and decisions consumer in the shared group, on a real broker and S3.
 */
final class Replica implements AutoCloseable {

    final TaskCatalog tasks = new TaskCatalog();
    final VersionCatalog versions = new VersionCatalog();
    final ChampionBoard board = new ChampionBoard();
    final ChampionHistoryStore history;
    final OutcomeStore outcomes;
    final StateFollower follower;
    final RegistryProducer producer;
    final PromotionService promotions;
    final DecisionConsumer decisions;
    private final Thread followerThread;
    private final Thread decisionsThread;

    Replica(DevStack stack, String groupId) throws InterruptedException {
        this(stack, groupId, stack.s3Endpoint(), new SimpleMeterRegistry());
    }

    /**
     * @param s3Endpoint where its object store is (an endpoint nobody answers makes every S3 call fail as retriable)
     * @param meters     where its metrics go
     */
    Replica(DevStack stack, String groupId, String s3Endpoint, MeterRegistry meters) throws InterruptedException {
        KafkaClientSettings settings = new KafkaClientSettings(kafka(stack.bootstrapServers(), groupId));
        ObjectStore objects = ObjectStore.connect(new S3Settings(s3Endpoint, stack.accessKey(), stack.secretKey(),
                stack.bucket(), null), Duration.ofSeconds(2));
        Clock clock = Clock.systemUTC();
        history = new ChampionHistoryStore(objects, Duration.ofMillis(100), clock);
        outcomes = new OutcomeStore(objects, Duration.ofMillis(100), clock);
        follower = new StateFollower(settings.reader(), settings.admin("test"),
                new ViewUpdater(tasks, versions, board, topic -> { }).handlers());
        producer = new RegistryProducer(settings.producer(), 15_000);
        promotions = new PromotionService(new AdapterStore(objects), history, outcomes, versions, board, producer, follower,
                RegistryObserver.NONE, clock, Duration.ofSeconds(20), Duration.ofSeconds(20));
        followerThread = new Thread(follower, "replica-view");
        followerThread.start();
        if (!follower.awaitCaughtUp(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the replica's view did not load in 60 s");
        }
        try {
            promotions.reconcileAll();
        } catch (RuntimeException e) {
            // As in RegistryLifecycle: not fatal (S3 may be away), the next decision of each task reconciles it.
        }
        decisions = new DecisionConsumer(settings.decisionConsumer(), promotions, Duration.ofMillis(300), topic -> { },
                new RegistryMetrics(meters, board, clock).decisionsLag());
        decisionsThread = new Thread(decisions, "replica-decisions");
        decisionsThread.start();
    }

    @Override
    public void close() throws InterruptedException {
        decisions.close();
        decisionsThread.join(30_000);
        follower.close();
        followerThread.join(30_000);
        producer.close();
    }

    private static RegistryConfig.Kafka kafka(String bootstrap, String groupId) {
        return new RegistryConfig.Kafka() {
            @Override
            public String bootstrapServers() {
                return bootstrap;
            }

            @Override
            public String groupId() {
                return groupId;
            }

            @Override
            public Duration deliveryTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration maxBlock() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Map<String, String> clientProperties() {
                return Map.of();
            }
        };
    }
}
