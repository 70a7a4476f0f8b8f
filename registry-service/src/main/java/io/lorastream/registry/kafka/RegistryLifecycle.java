package io.lorastream.registry.kafka;

import io.lorastream.registry.auth.TokenRealm;
import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.registry.domain.PromotionService;
import io.lorastream.registry.metrics.RegistryMetrics;
import io.lorastream.registry.store.VerifiedFileCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts the registry's Kafka work off the start-up thread, so the HTTP server (health, metrics)
 * is up at once: first the view (every followed topic read from its beginning), then, once it is
 * complete, a reconciliation of the champions topic with the champion history and the decisions
 * consumer. Until the view is complete the registry is not ready and answers 503, because an
 * answer from a half-read view could name an old champion.
 */
@ApplicationScoped
public class RegistryLifecycle {

    private static final Logger LOG = Logger.getLogger(RegistryLifecycle.class);

    private final RegistryConfig config;
    private final KafkaClientSettings settings;
    private final StateFollower follower;
    private final PromotionService promotions;
    private final RegistryMetrics metrics;
    private final TokenRealm realm;
    private final Optional<VerifiedFileCache> fileCache;
    private volatile DecisionConsumer decisions;
    private volatile boolean stopping;

    public RegistryLifecycle(RegistryConfig config, KafkaClientSettings settings, StateFollower follower,
                             PromotionService promotions, RegistryMetrics metrics, TokenRealm realm,
                             Optional<VerifiedFileCache> fileCache) {
        this.config = config;
        this.settings = settings;
        this.follower = follower;
        this.promotions = promotions;
        this.metrics = metrics;
        this.realm = realm;
        this.fileCache = fileCache;
    }

    void onStart(@Observes StartupEvent event) {
        // Builds the token realm and the file cache now, so a bad token setting fails the start (and an
        // unusable cache folder is reported) rather than the first request.
        LOG.debugf("tokens: %s, file cache: %s", realm, fileCache.map(c -> c.dir().toString()).orElse("off"));
        startDaemon("registry-view", follower);
        startDaemon("registry-startup", this::afterViewLoaded);
    }

    private void afterViewLoaded() {
        try {
            while (!follower.awaitCaughtUp(Duration.ofSeconds(10))) {
                if (stopping) {
                    return;
                }
                LOG.info("waiting for the registry view to load from Kafka");
            }
            try {
                promotions.reconcileAll();
            } catch (RuntimeException e) {
                // Not fatal: the next decision or champion change of each task reconciles it.
                LOG.warnf("could not reconcile the champions topic with the champion history at start-up: %s",
                        e.getMessage());
            }
            if (stopping) {
                return;
            }
            decisions = new DecisionConsumer(settings.decisionConsumer(), promotions, config.promotion().retryBackoff(),
                    metrics::invalidRecord, metrics.decisionsLag());
            startDaemon("registry-decisions", decisions);
            LOG.infof("registry replica %s handles decisions in group %s", settings.replicaId(),
                    config.kafka().groupId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("registry start-up failed", e);
        }
    }

    /** True once the view holds everything the topics held at start. */
    public boolean isReady() {
        return follower.isCaughtUp();
    }

    private static void startDaemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        DecisionConsumer consumer = decisions;
        if (consumer != null) {
            consumer.close();
        }
        follower.close();
    }
}
