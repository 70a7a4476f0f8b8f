package io.lorastream.trainer.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.Example;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.TrainingSpec;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.peft.PeftAdapterWriter;
import io.lorastream.lora.train.CancellationToken;
import io.lorastream.lora.train.EpochSummary;
import io.lorastream.lora.train.LoraTrainer;
import io.lorastream.lora.train.TrainingCancelledException;
import io.lorastream.lora.train.TrainingResult;
import io.lorastream.lora.train.TrainingSettings;
import io.lorastream.store.ModelCache;
import io.lorastream.store.ObjectNotFoundException;
import io.lorastream.trainer.store.CandidateFiles;
import io.lorastream.trainer.store.CandidateRepository;
import io.lorastream.trainer.store.ChampionAdapters;
import io.lorastream.trainer.store.FailureRecord;
import io.lorastream.trainer.store.ReplayRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One window's fine-tuning job, start to end: record the plan, load the base model and the
 * champion to warm-start from, mix in a replay sample, train, write the PEFT adapter and its
 * lineage to the store, update the replay reservoir, and announce the candidate. Every step that
 * talks to S3 or Kafka retries until it succeeds; a failure no retry can fix is recorded as the
 * window's failure, so the stream moves on and the reason stays visible.
 */
public final class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);

    private final ModelCache models;
    private final WarmStarts warmStarts;
    private final TrainerRecipe recipe;
    private final ReplayRepository replay;
    private final CandidateRepository candidates;
    private final CandidateAnnouncer announcer;
    private final Retrier retrier;
    private final JobSettings settings;
    private final Clock clock;

    public TrainingJob(ModelCache models, ChampionAdapters champions, ReplayRepository replay,
                       CandidateRepository candidates, CandidateAnnouncer announcer, Retrier retrier,
                       JobSettings settings, Clock clock) {
        this.models = models;
        this.warmStarts = new WarmStarts(champions, retrier);
        this.recipe = new TrainerRecipe(settings);
        this.replay = replay;
        this.candidates = candidates;
        this.announcer = announcer;
        this.retrier = retrier;
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs the job; never throws: every ending is a {@link JobOutcome}. */
    public JobOutcome run(JobRequest request, CancellationToken cancellation, Consumer<JobProgress> progress) {
        Instant started = clock.instant();
        String task = request.plan().task();
        String version = request.plan().version();
        try {
            Trained trained = request.alreadyTrained()
                    ? announceCompleted(request, cancellation, progress)
                    : trainAndAnnounce(request, cancellation, progress, started);
            return new JobOutcome(task, version, JobOutcome.Status.SUCCEEDED, null, trained.candidate(),
                    Duration.between(started, clock.instant()), trained.replayExamples(), trained.finalLoss());
        } catch (TrainingCancelledException e) {
            LOG.infof("job %s/%s cancelled", task, version);
            return JobOutcome.ended(task, version, JobOutcome.Status.CANCELLED, "cancelled",
                    Duration.between(started, clock.instant()));
        } catch (RuntimeException e) {
            String reason = reasonOf(e);
            LOG.errorf(e, "job %s/%s failed: %s", task, version, reason);
            try {
                retrier.run("record failure of " + version, () -> candidates.markFailed(new FailureRecord(task, version,
                        reason, request.plan().ranges(), clock.instant())), cancellation);
            } catch (TrainingCancelledException cancelled) {
                return JobOutcome.ended(task, version, JobOutcome.Status.CANCELLED, "cancelled",
                        Duration.between(started, clock.instant()));
            }
            return JobOutcome.ended(task, version, JobOutcome.Status.FAILED, reason,
                    Duration.between(started, clock.instant()));
        } finally {
            deleteRecursively(workDir(task, version));
        }
    }

    /** What a successful job produced. */
    private record Trained(CandidateEvent candidate, int replayExamples, double finalLoss) {
    }

    private Trained trainAndAnnounce(JobRequest request, CancellationToken cancellation,
                                            Consumer<JobProgress> progress, Instant started) {
        TaskSpec spec = request.spec();
        WindowPlan plan = request.plan();
        String task = plan.task();
        String version = plan.version();
        requireLabelsInSpec(spec, request.window());

        progress.accept(JobProgress.stage("loading"));
        retrier.call("record the plan of " + version, () -> candidates.writePlan(plan), cancellation);
        ModelCache.CachedModel base = retrier.call("fetch base model " + spec.baseModel(),
                () -> fetchModel(spec.baseModel()), cancellation);
        WarmStarts.WarmStart warmStart = warmStarts.resolve(request.champion(), spec, cancellation);
        TrainingSpec training = spec.training();
        ReplayReservoir reservoir = retrier.call("load replay reservoir of " + task,
                () -> replay.load(task, training.replayCapacity()), cancellation);
        long seed = seedOf(version);
        Set<String> windowHashes = request.window().stream().map(Example::contentHash).collect(Collectors.toSet());
        int replayCount = (int) Math.round(training.replayRatio() * request.window().size());
        List<Example> replayed = reservoir.sample(replayCount, Set.copyOf(spec.labels()), windowHashes, seed);

        List<LabeledExample> examples = new ArrayList<>(request.window().size() + replayed.size());
        Stream.concat(request.window().stream(), replayed.stream())
                .forEach(e -> examples.add(new LabeledExample(e.text(), e.label(), e.weight())));
        LOG.infof("job %s/%s: %d new examples + %d replayed, base %s, %s", task, version, request.window().size(),
                replayed.size(), spec.baseModel(),
                warmStart.adapter() != null ? "warm start from " + warmStart.version() : "fresh adapter");

        Instant prepared = clock.instant();
        progress.accept(JobProgress.stage("training"));
        LoraTrainer trainer = recipe.trainer(spec, openModel(base), seed, new ProgressRelay(task + "/" + version, progress));
        TrainingResult result = warmStart.adapter() != null
                ? trainer.trainFrom(warmStart.adapter(), examples, cancellation)
                : trainer.train(examples, cancellation);

        Instant trained = clock.instant();
        progress.accept(JobProgress.stage("uploading"));
        Path adapterDir = writeAdapter(task, version, result.adapter(), spec.baseModel());
        Map<String, String> files = new TreeMap<>(retrier.call("upload adapter of " + version,
                () -> candidates.uploadAdapter(task, version, adapterDir), cancellation));
        ReplayReservoir updated = reservoir.add(version, request.window(), spec.labels(), seed);
        if (updated != reservoir) {
            retrier.run("save replay reservoir of " + task, () -> replay.save(task, updated), cancellation);
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("prepare", seconds(started, prepared));
        stages.put("trainSetup", Math.max(0, seconds(prepared, trained) - trainingSeconds(result)));
        stages.put("trainSteps", trainingSeconds(result));
        stages.put("upload", seconds(trained, clock.instant()));
        TrainingLineage lineage = lineage(request, base, warmStart, replayed, result, started, stages);
        byte[] lineageJson = ContractJson.toBytes(lineage);
        files.put(CandidateFiles.TRAINING, retrier.call("upload lineage of " + version,
                () -> candidates.uploadLineage(task, version, lineageJson), cancellation));

        CandidateEvent candidate = new CandidateEvent(SchemaVersion.CURRENT, task, version, spec.baseModel(),
                base.weightsSha256(), ObjectLayout.candidatePrefix(task, version), files, plan.ranges(),
                examples.size(), warmStart.version(), lineage.validationLoss(), clock.instant());
        announce(candidate, cancellation, progress);
        LOG.infof("job %s/%s: candidate announced (%d steps, final loss %.4f, %.1f examples/s on %s)", task, version,
                result.steps(), result.stepLosses().get(result.steps() - 1), result.examplesPerSecond(),
                result.device());
        return new Trained(candidate, replayed.size(), result.stepLosses().get(result.steps() - 1));
    }

    /** The candidate was complete in the store before a restart: announce it as it was written. */
    private Trained announceCompleted(JobRequest request, CancellationToken cancellation,
                                             Consumer<JobProgress> progress) {
        WindowPlan plan = request.plan();
        CandidateRepository.CompletedCandidate completed = retrier.call("read candidate " + plan.version(),
                () -> candidates.completed(plan.task(), plan.version())
                        .orElseThrow(() -> new IllegalStateException("candidate " + plan.version() + " is incomplete")),
                cancellation);
        TrainingLineage lineage = ContractJson.fromBytes(completed.lineageJson(), TrainingLineage.class);
        CandidateEvent candidate = new CandidateEvent(SchemaVersion.CURRENT, plan.task(), plan.version(),
                lineage.baseModel(), lineage.baseModelSha256(), ObjectLayout.candidatePrefix(plan.task(), plan.version()),
                completed.files(), lineage.trainedOn(), lineage.windowExamples() + lineage.replayExamples(),
                lineage.warmStartVersion(), lineage.validationLoss(), lineage.finishedAt());
        LOG.infof("job %s/%s: the candidate was complete before a restart; announcing it", plan.task(), plan.version());
        announce(candidate, cancellation, progress);
        List<Double> losses = lineage.stepLosses();
        return new Trained(candidate, lineage.replayExamples(), losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1));
    }

    private void announce(CandidateEvent candidate, CancellationToken cancellation, Consumer<JobProgress> progress) {
        progress.accept(JobProgress.stage("announcing"));
        retrier.run("announce " + candidate.version(), () -> announcer.announce(candidate), cancellation);
        retrier.run("mark " + candidate.version() + " announced", () -> candidates.markAnnounced(candidate), cancellation);
    }

    /** A label the spec no longer has cannot be trained: say which, how many, and where they came from. */
    private static void requireLabelsInSpec(TaskSpec spec, List<Example> window) {
        Map<String, Integer> unknown = new TreeMap<>();
        for (Example e : window) {
            if (!spec.hasLabel(e.label())) {
                unknown.merge(e.label(), 1, Integer::sum);
            }
        }
        if (!unknown.isEmpty()) {
            throw new WindowRejectedException("the window holds examples whose label is not in task " + spec.task()
                    + "'s labels " + spec.labels() + ": " + unknown.entrySet().stream()
                    .map(u -> "'" + u.getKey() + "' (" + u.getValue() + " examples)").collect(Collectors.joining(", "))
                    + "; they were accepted before the label set changed, and this window is skipped");
        }
    }

    private ModelCache.CachedModel fetchModel(String baseModel) {
        try {
            return models.get(baseModel);
        } catch (ObjectNotFoundException e) {
            throw new WindowRejectedException("base model '" + baseModel + "' is neither in the local models folder nor"
                    + " under " + ObjectLayout.modelPrefix(baseModel) + " in the object store", e);
        }
    }

    private static BertModelDir openModel(ModelCache.CachedModel base) {
        try {
            return BertModelDir.open(base.dir());
        } catch (IOException e) {
            throw new WindowRejectedException("base model '" + base.baseModel() + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private Path writeAdapter(String task, String version, AdapterState adapter, String baseModel) {
        Path dir = workDir(task, version).resolve("adapter");
        try {
            deleteRecursively(dir);
            PeftAdapterWriter.write(dir, adapter, baseModel);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the adapter of " + version + " to " + dir, e);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private TrainingLineage lineage(JobRequest request, ModelCache.CachedModel base, WarmStarts.WarmStart warmStart,
                                    List<Example> replayed, TrainingResult result, Instant started,
                                    Map<String, Double> stages) {
        List<TrainingLineage.EpochRecord> epochs = new ArrayList<>();
        for (EpochSummary e : result.epochs()) {
            epochs.add(new TrainingLineage.EpochRecord(e.epoch(), e.trainingLoss(), e.validationLoss().orElse(Double.NaN),
                    e.validationAccuracy().orElse(Double.NaN)));
        }
        double validationLoss = result.epochs().isEmpty() ? Double.NaN
                : result.epochs().get(result.bestEpoch()).validationLoss().orElse(Double.NaN);
        Instant finished = clock.instant();
        return new TrainingLineage(TrainingLineage.CURRENT_SCHEMA, request.plan().task(), request.plan().version(),
                request.spec().baseModel(), base.weightsSha256(), warmStart.version(), warmStart.note(),
                request.plan().ranges(), request.window().size(), replayed.size(),
                replayed.stream().map(Example::contentHash).toList(), request.spec().labels(),
                hyperparameters(result.settings()), result.stepLosses(), epochs, validationLoss,
                result.stopReason().name().toLowerCase(), result.device(), trainingSeconds(result),
                Duration.between(started, finished).toMillis() / 1000.0, stages, result.examplesPerSecond(), started,
                finished);
    }

    private static double trainingSeconds(TrainingResult result) {
        long examples = (long) result.trainingExamples() * result.epochs().size();
        return result.examplesPerSecond() > 0 ? examples / result.examplesPerSecond() : 0;
    }

    static Map<String, Object> hyperparameters(TrainingSettings s) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("r", s.lora().r());
        h.put("loraAlpha", s.lora().alpha());
        h.put("loraDropout", s.lora().dropout());
        h.put("targetModules", new TreeSet<>(s.lora().targetModules()));
        h.put("useRslora", s.lora().useRslora());
        h.put("modulesToSave", s.lora().modulesToSave());
        h.put("epochs", s.epochs());
        h.put("batchSize", s.batchSize());
        h.put("microBatchSize", s.microBatchSize());
        h.put("learningRate", s.learningRate());
        h.put("headLearningRate", s.headLearningRate());
        h.put("weightDecay", s.weightDecay());
        h.put("warmupRatio", s.warmupRatio());
        h.put("maxGradNorm", s.maxGradNorm());
        h.put("classWeighting", s.classWeighting().toString());
        h.put("validationFraction", s.validationFraction());
        h.put("earlyStoppingPatience", s.earlyStoppingPatience());
        h.put("maxLength", s.maxLength());
        h.put("dynamicPadding", s.dynamicPadding());
        h.put("lengthBucketing", s.lengthBucketing());
        h.put("seed", s.seed());
        return h;
    }

    /** The seed of a window's job: fixed by its version, so a re-run of the window trains alike. */
    static long seedOf(String version) {
        return version.hashCode();
    }

    private Path workDir(String task, String version) {
        return settings.workDir().resolve(task).resolve(version);
    }

    private static String reasonOf(RuntimeException e) {
        if (e instanceof WindowRejectedException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot clean up %s: %s", path, e.getMessage());
        }
    }
}
