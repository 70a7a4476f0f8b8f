package io.lorastream.trainer;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.lora.train.DeviceSelector;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import io.lorastream.servicekit.s3.ObjectStores;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.ModelCache;
import io.lorastream.store.ObjectStore;
import io.lorastream.trainer.config.TrainerConfig;
import io.lorastream.trainer.domain.JobRunner;
import io.lorastream.trainer.domain.JobSettings;
import io.lorastream.trainer.domain.Retrier;
import io.lorastream.trainer.domain.TrainingJob;
import io.lorastream.trainer.kafka.CandidatePublisher;
import io.lorastream.trainer.kafka.KafkaClientSettings;
import io.lorastream.trainer.kafka.TrainerState;
import io.lorastream.trainer.kafka.TrainingStreamConsumer;
import io.lorastream.trainer.metrics.TrainerMetrics;
import io.lorastream.trainer.store.CandidateRepository;
import io.lorastream.trainer.store.ChampionAdapters;
import io.lorastream.trainer.store.ReplayRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the trainer's plain classes into CDI beans. */
@ApplicationScoped
public class TrainerCore {

    @Produces
    @Singleton
    KafkaClientSettings kafkaClientSettings(TrainerConfig config) {
        return new KafkaClientSettings(config.kafka());
    }

    @Produces
    @Singleton
    ObjectStore objectStore(TrainerConfig config) {
        return ObjectStores.connect(config.s3());
    }

    @Produces
    @Singleton
    AdapterStore adapterStore(ObjectStore objects) {
        return new AdapterStore(objects);
    }

    @Produces
    @Singleton
    CandidateRepository candidateRepository(AdapterStore store) {
        return new CandidateRepository(store);
    }

    @Produces
    @Singleton
    TrainerState trainerState() {
        return new TrainerState();
    }

    /** The device setting resolved once, for the metrics tag and the logs. */
    @Produces
    @Singleton
    ResolvedDevice resolvedDevice(TrainerConfig config) {
        return new ResolvedDevice(new DeviceSelector().select(config.jobs().device()));
    }

    /** The device jobs train on, e.g. {@code cpu()} or {@code gpu(0)}. */
    public record ResolvedDevice(ai.djl.Device device) {
        public String name() {
            return device.toString();
        }
    }

    @Produces
    @Singleton
    TrainerMetrics trainerMetrics(MeterRegistry registry, TrainerState state, ResolvedDevice device) {
        return new TrainerMetrics(registry, state, device.device());
    }

    @Produces
    @Singleton
    CandidatePublisher candidatePublisher(KafkaClientSettings kafka, TrainerConfig config) {
        return new CandidatePublisher(kafka.producer(), config.kafka().ackTimeout());
    }

    void closePublisher(@Disposes CandidatePublisher publisher) {
        publisher.close();
    }

    @Produces
    @Singleton
    JobRunner jobRunner(TrainerConfig config, AdapterStore store, CandidateRepository candidates,
                        CandidatePublisher publisher, TrainerMetrics metrics) {
        TrainerConfig.Jobs jobs = config.jobs();
        ModelCache models = new ModelCache(store, config.cacheDir().resolve("models"), config.localModelsDir());
        Retrier retrier = new Retrier(config.retry().initialBackoff(), config.retry().maxBackoff(), Retrier::isTransient,
                metrics);
        TrainingJob job = new TrainingJob(models, new ChampionAdapters(store, config.cacheDir().resolve("champions")),
                new ReplayRepository(store.objects()), candidates, publisher, retrier,
                new JobSettings(jobs.device(), jobs.intraOpThreads(), jobs.interOpThreads(), jobs.microBatchSize(),
                        config.workDir()),
                Clock.systemUTC());
        return new JobRunner(job, jobs.maxConcurrent(), jobs.history(), metrics);
    }

    void closeRunner(@Disposes JobRunner runner) {
        runner.close();
    }

    @Produces
    @Singleton
    TaskSpecs taskSpecs(KafkaClientSettings kafka) {
        return new TaskSpecs(new CompactedTopicFollower<>(Topics.TASKS, kafka.reader("lorastream-trainer-tasks"),
                (key, bytes) -> ContractJson.fromBytes(bytes, TaskSpec.class), TaskSpec::task));
    }

    @Produces
    @Singleton
    Champions champions(KafkaClientSettings kafka) {
        return new Champions(new CompactedTopicFollower<>(Topics.ADAPTERS_CHAMPIONS,
                kafka.reader("lorastream-trainer-champions"),
                (key, bytes) -> ContractJson.fromBytes(bytes, ChampionEvent.class), ChampionEvent::task));
    }

    /** The followed task catalog. */
    public record TaskSpecs(CompactedTopicFollower<TaskSpec> follower) {
    }

    /** The followed champions. */
    public record Champions(CompactedTopicFollower<ChampionEvent> follower) {
    }

    @Produces
    @Singleton
    TrainingStreamConsumer streamConsumer(TrainerConfig config, KafkaClientSettings kafka, TaskSpecs tasks,
                                          Champions champions, CandidateRepository candidates, JobRunner runner,
                                          TrainerState state, TrainerMetrics metrics) {
        TrainingStreamConsumer.Settings settings = new TrainingStreamConsumer.Settings(config.kafka().pollTimeout(),
                config.buffer().maxExamples(), config.buffer().unknownTaskGrace(), config.jobs().holdAfterCancel(),
                config.jobs().rebalanceStopTimeout(), config.retry().initialBackoff());
        return new TrainingStreamConsumer(kafka.examplesConsumer(), settings, tasks.follower(), champions.follower(),
                candidates, runner, state, metrics, Clock.systemUTC());
    }
}
