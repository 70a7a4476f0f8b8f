package io.lorastream.registry.config;

import io.lorastream.registry.auth.TokenRealm;
import io.lorastream.registry.auth.TokenRealms;
import io.lorastream.registry.domain.AdapterFiles;
import io.lorastream.registry.domain.ChampionBoard;
import io.lorastream.registry.domain.PromotionService;
import io.lorastream.registry.domain.TaskCatalog;
import io.lorastream.registry.domain.VersionCatalog;
import io.lorastream.registry.domain.VersionSummaries;
import io.lorastream.registry.kafka.KafkaClientSettings;
import io.lorastream.registry.kafka.RegistryProducer;
import io.lorastream.registry.kafka.StateFollower;
import io.lorastream.registry.kafka.ViewUpdater;
import io.lorastream.registry.metrics.RegistryMetrics;
import io.lorastream.registry.store.ChampionHistoryStore;
import io.lorastream.registry.store.OutcomeStore;
import io.lorastream.registry.store.VerifiedFileCache;
import io.lorastream.servicekit.s3.ObjectStores;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the registry's plain classes (domain, stores, Kafka clients) from {@link RegistryConfig},
 * so that they stay free of CDI and can be tested and reused on their own.
 */
@Dependent
public class RegistryWiring {

    private static final Logger LOG = Logger.getLogger(RegistryWiring.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    TaskCatalog taskCatalog() {
        return new TaskCatalog();
    }

    @Produces
    @Singleton
    VersionCatalog versionCatalog() {
        return new VersionCatalog();
    }

    @Produces
    @Singleton
    ChampionBoard championBoard() {
        return new ChampionBoard();
    }

    @Produces
    @Singleton
    KafkaClientSettings kafkaClientSettings(RegistryConfig config) {
        return new KafkaClientSettings(config.kafka());
    }

    @Produces
    @Singleton
    ObjectStore objectStore(RegistryConfig config) {
        return ObjectStores.connect(config.s3());
    }

    @Produces
    @Singleton
    AdapterStore adapterStore(ObjectStore objects) {
        return new AdapterStore(objects);
    }

    @Produces
    @Singleton
    ChampionHistoryStore championHistoryStore(ObjectStore objects, RegistryConfig config, Clock clock) {
        return new ChampionHistoryStore(objects, config.s3().listingCacheTtl(), clock);
    }

    @Produces
    @Singleton
    OutcomeStore outcomeStore(ObjectStore objects, RegistryConfig config, Clock clock) {
        return new OutcomeStore(objects, config.s3().listingCacheTtl(), clock);
    }

    @Produces
    @Singleton
    RegistryMetrics registryMetrics(MeterRegistry registry, ChampionBoard board, Clock clock) {
        return new RegistryMetrics(registry, board, clock);
    }

    @Produces
    @Singleton
    RegistryProducer registryProducer(KafkaClientSettings settings) {
        return new RegistryProducer(settings.producer(), settings.ackWaitMillis());
    }

    void closeProducer(@Disposes RegistryProducer producer) {
        producer.close();
    }

    @Produces
    @Singleton
    StateFollower stateFollower(KafkaClientSettings settings, TaskCatalog tasks, VersionCatalog versions,
                                ChampionBoard board, RegistryMetrics metrics) {
        ViewUpdater updater = new ViewUpdater(tasks, versions, board, metrics::invalidRecord);
        return new StateFollower(settings.reader(), settings.admin("view-sync"), updater.handlers());
    }

    void closeFollower(@Disposes StateFollower follower) {
        follower.close();
    }

    @Produces
    @Singleton
    PromotionService promotionService(AdapterStore store, ChampionHistoryStore history, OutcomeStore outcomes,
                                      VersionCatalog versions, ChampionBoard board, RegistryProducer producer,
                                      StateFollower follower, RegistryMetrics metrics, Clock clock,
                                      RegistryConfig config) {
        return new PromotionService(store, history, outcomes, versions, board, producer, follower, metrics, clock,
                config.promotion().candidateWait(), config.promotion().viewCatchUp());
    }

    /** The adapter file cache, or null when switched off (files then stream from S3). */
    @Produces
    @Singleton
    Optional<VerifiedFileCache> verifiedFileCache(ObjectStore objects, RegistryConfig config, Clock clock) {
        RegistryConfig.Serving serving = config.serving();
        if (!serving.cacheEnabled()) {
            return Optional.empty();
        }
        try {
            VerifiedFileCache cache = new VerifiedFileCache(objects, serving.cacheDir(), serving.cacheMaxBytes(), clock);
            LOG.infof("adapter files are served from the verified cache in %s (at most %d MiB)", cache.dir(),
                    serving.cacheMaxBytes() / (1024 * 1024));
            return Optional.of(cache);
        } catch (UncheckedIOException e) {
            // Serving still works, streamed from S3: slower, not wrong.
            LOG.warnf("adapter file cache unavailable (%s); files are streamed from S3 instead. Point "
                    + "lorastream.registry.serving.cache-dir at a writable folder to use it.", e.getMessage());
            return Optional.empty();
        }
    }

    @Produces
    @Singleton
    AdapterFiles adapterFiles(ObjectStore objects, VersionCatalog versions, ChampionHistoryStore history,
                              RegistryMetrics metrics) {
        return new AdapterFiles(objects, versions, history, metrics);
    }

    @Produces
    @Singleton
    VersionSummaries versionSummaries(VersionCatalog versions, ChampionBoard board, OutcomeStore outcomes,
                                      ChampionHistoryStore history) {
        return new VersionSummaries(versions, board, outcomes, history);
    }

    /** The tokens: configured ones, else the generated local ones; none with auth off ({@link TokenRealms}). */
    @Produces
    @Singleton
    TokenRealm tokenRealm(RegistryConfig config) {
        return TokenRealms.from(config.auth());
    }
}
