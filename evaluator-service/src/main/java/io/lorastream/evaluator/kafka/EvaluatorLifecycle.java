package io.lorastream.evaluator.kafka;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.evaluator.domain.CandidateJudge;
import io.lorastream.evaluator.domain.CandidateProcessor;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.GateSettings;
import io.lorastream.evaluator.domain.RetryPolicy;
import io.lorastream.evaluator.metrics.EvaluatorMetrics;
import io.lorastream.evaluator.model.ModelRepository;
import io.lorastream.evaluator.store.S3DecisionLedger;
import io.lorastream.evaluator.store.S3GoldenSets;
import io.lorastream.evaluator.store.SetCheckpointStore;
import io.lorastream.lora.train.ComputeThreads;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Starts the service's Kafka readers, off the start-up thread so the HTTP server comes up at once: the task specs
 * and champions followers and the held-out follower (which restores the checkpointed sets first), then, once all
 * three have read their topics to the end, the candidates consumer. Until then the service is not ready: judging a
 * candidate on half-read held-out data or against a stale champion would give a different verdict.
 */
@ApplicationScoped
public class EvaluatorLifecycle {

    private static final Logger LOG = Logger.getLogger(EvaluatorLifecycle.class);

    private final EvaluatorConfig config;
    private final KafkaClientSettings settings;
    private final CompactedTopicFollower<TaskSpec> catalog;
    private final CompactedTopicFollower<ChampionEvent> champions;
    private final EvaluationSets sets;
    private final SetCheckpointStore checkpoints;
    private final S3GoldenSets golden;
    private final S3DecisionLedger ledger;
    private final KafkaDecisionPublisher publisher;
    private final ModelRepository models;
    private final GateSettings gateSettings;
    private final RetryPolicy retryPolicy;
    private final EvaluatorMetrics metrics;
    private final Clock clock;
    private volatile HoldoutFollower holdoutFollower;
    private volatile CandidateConsumer candidateConsumer;
    private volatile String startupState = "starting";
    private volatile Thread holdoutThread;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public EvaluatorLifecycle(EvaluatorConfig config, KafkaClientSettings settings,
                              CompactedTopicFollower<TaskSpec> catalog, CompactedTopicFollower<ChampionEvent> champions,
                              EvaluationSets sets, SetCheckpointStore checkpoints,
                              S3GoldenSets golden, S3DecisionLedger ledger, KafkaDecisionPublisher publisher,
                              ModelRepository models, GateSettings gateSettings, RetryPolicy retryPolicy,
                              EvaluatorMetrics metrics, Clock clock) {
        this.config = config;
        this.settings = settings;
        this.catalog = catalog;
        this.champions = champions;
        this.sets = sets;
        this.checkpoints = checkpoints;
        this.golden = golden;
        this.ledger = ledger;
        this.publisher = publisher;
        this.models = models;
        this.gateSettings = gateSettings;
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        holdoutFollower = new HoldoutFollower(settings.reader("lorastream-evaluator-holdout"), sets, checkpoints,
                config.sets().checkpointInterval(), metrics, clock);
        startDaemon("evaluator-task-specs", catalog);
        startDaemon("evaluator-champions", champions);
        holdoutThread = startDaemon("evaluator-holdout", holdoutFollower);
        startDaemon("evaluator-startup", this::awaitInputsThenConsume);
    }

    private void awaitInputsThenConsume() {
        try {
            startupState = "loading task specs from Kafka";
            while (!catalog.awaitCaughtUp(Duration.ofSeconds(5))) {
                LOG.info("waiting for the task specs to load from Kafka");
            }
            startupState = "loading champions from Kafka";
            while (!champions.awaitCaughtUp(Duration.ofSeconds(5))) {
                LOG.info("waiting for the champions to load from Kafka");
            }
            startupState = "restoring the evaluation sets (checkpoints, then lorastream.examples.holdout)";
            while (!holdoutFollower.awaitCaughtUp(Duration.ofSeconds(10))) {
                LOG.infof("restoring the evaluation sets: %d items from checkpoints, %d records read so far",
                        holdoutFollower.restoredItems(), holdoutFollower.readRecords());
            }
            metrics.trackSets(sets);
            if (config.inference().threads() > 0) {
                ComputeThreads.apply(config.inference().threads(), 0);
            }
            LiveInputs inputs = new LiveInputs(catalog, champions, sets, holdoutFollower, golden,
                    config.sets().catchUpTimeout());
            CandidateJudge judge = new CandidateJudge(inputs, models, gateSettings, clock);
            CandidateProcessor processor = new CandidateProcessor(judge, ledger, publisher, inputs, metrics, retryPolicy,
                    clock, Thread::sleep, () -> !stopping.get());
            candidateConsumer = new CandidateConsumer(settings.candidates(), processor, config.queue().supersede(),
                    config.queue().maxQueued(), metrics.candidatesLag());
            metrics.trackBacklog(candidateConsumer::backlog);
            startupState = null;
            LOG.infof("ready: %d tasks, %d champions, evaluation sets of %d tasks", catalog.all().size(),
                    champions.all().size(),
                    sets.tasks().size());
            startDaemon("evaluator-candidates", candidateConsumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread startDaemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Null when ready; otherwise what the service is still doing, or why it stopped deciding. */
    public String notReadyReason() {
        String failure = consumerFailure();
        return failure != null ? failure : startupState;
    }

    /**
     * Null unless the candidates consumer ended on its own: then the service decides nothing until it is restarted,
     * so liveness reports it (an orchestrator restarts the process) and readiness too.
     */
    public String consumerFailure() {
        CandidateConsumer consumer = candidateConsumer;
        String failure = consumer == null || stopping.get() ? null : consumer.failure();
        return failure == null ? null : "the candidates consumer stopped (" + failure + "); restart the service";
    }

    /** The held-out follower, once started. */
    public HoldoutFollower holdoutFollower() {
        return holdoutFollower;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        if (candidateConsumer != null) {
            candidateConsumer.stop();
        }
        if (holdoutFollower != null) {
            holdoutFollower.stop();
            try {
                holdoutThread.join(15_000); // its last checkpoint saves the next start a re-read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        champions.stop();
        catalog.stop();
    }
}
