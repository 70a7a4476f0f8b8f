package io.lorastream.evaluator.model;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.evaluator.domain.CandidateRejectedException;
import io.lorastream.evaluator.domain.Checks;
import io.lorastream.evaluator.domain.Classifier;
import io.lorastream.evaluator.domain.ModelSource;
import io.lorastream.evaluator.domain.ReferenceUnavailableException;
import io.lorastream.evaluator.domain.TransientException;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.infer.TextClassifier;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.peft.PeftAdapterReader;
import io.lorastream.lora.peft.PeftFormat;
import io.lorastream.store.AdapterStore;
import io.lorastream.store.IntegrityException;
import io.lorastream.store.ModelCache;
import io.lorastream.store.ObjectNotFoundException;
import io.lorastream.store.ObjectStoreException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads the gate's models from the object store: base models through the disk cache ({@link ModelCache}),
 * candidates and champions through {@link AdapterStore#fetchFiles}, which verifies every SHA-256. Reference models
 * (champions, untrained baselines) stay loaded in a small LRU cache, and an approved candidate joins it under the
 * key its promoted copy will have, so the next candidate is compared with it without loading anything.
 *
 * <p>Failures are sorted by whose fault they are: a candidate's missing or corrupt files reject it, a champion's make
 * every comparison impossible ({@link ReferenceUnavailableException}), and an unreachable store is transient.
 */
@ApplicationScoped
public class ModelRepository implements ModelSource {

    private static final Logger LOG = Logger.getLogger(ModelRepository.class);

    private final AdapterStore store;
    private final ModelCache baseModels;
    private final EvaluatorConfig.Inference inference;
    private final long baselineSeed;
    private final Path workDir;
    private final LinkedHashMap<String, LoadedClassifier> references = new LinkedHashMap<>(16, 0.75f, true);

    public ModelRepository(AdapterStore store, ModelCache baseModels, EvaluatorConfig config) {
        this.store = store;
        this.baseModels = baseModels;
        this.inference = config.inference();
        this.baselineSeed = config.gate().baselineSeed();
        this.workDir = config.workDir();
    }

    @Override
    public synchronized Classifier loadCandidate(CandidateEvent candidate) {
        Path dir = workDir.resolve("candidates").resolve(candidate.task()).resolve(candidate.version());
        try {
            fetch(candidate.objectPrefix(), candidate.files(), dir, Checks.ARTIFACTS);
            AdapterState adapter;
            try {
                adapter = PeftAdapterReader.read(dir).state();
            } catch (IOException | RuntimeException e) {
                throw new CandidateRejectedException(Checks.ADAPTER_LOADS, "the adapter does not load: " + e.getMessage(), e);
            }
            BertModelDir base = baseModel(candidate.baseModel());
            try {
                return new LoadedClassifier("candidate " + candidate.version(), build(base, adapter),
                        inference.cachedPredictionsPerModel());
            } catch (IOException | RuntimeException e) {
                throw new CandidateRejectedException(Checks.ADAPTER_LOADS, "the adapter does not fit base model "
                        + candidate.baseModel() + ": " + e.getMessage(), e);
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    @Override
    public synchronized Classifier reference(TaskSpec spec, Optional<ChampionEvent> champion) {
        String key = champion.map(ModelRepository::championKey)
                .orElse("baseline/" + spec.baseModel() + "/" + String.join(",", spec.labels()) + "/" + baselineSeed);
        LoadedClassifier cached = references.get(key);
        if (cached != null) {
            return cached;
        }
        LoadedClassifier loaded = champion.isPresent() ? loadChampion(champion.get()) : loadBaseline(spec);
        remember(key, loaded);
        return loaded;
    }

    @Override
    public synchronized String baseModelSha256(String baseModel) {
        return cachedBaseModel(baseModel).weightsSha256();
    }

    @Override
    public synchronized void release(CandidateEvent candidate, Classifier loaded, boolean approved) {
        LoadedClassifier classifier = (LoadedClassifier) loaded;
        if (approved) {
            // The registry promotes approved candidates by copying their files: same bytes, same SHA-256s.
            remember(championKey(candidate.task(), candidate.version(), candidate.files()), classifier);
        } else {
            classifier.close();
        }
    }

    private LoadedClassifier loadChampion(ChampionEvent champion) {
        Path dir = workDir.resolve("champions").resolve(champion.task()).resolve(champion.version());
        try {
            Map<String, String> adapterFiles = adapterFiles(champion.files());
            try {
                fetch(champion.objectPrefix(), adapterFiles, dir, Checks.REFERENCE_MODEL);
            } catch (CandidateRejectedException e) {
                throw new ReferenceUnavailableException("champion " + champion.version() + ": " + e.getMessage(), e);
            }
            try {
                AdapterState adapter = PeftAdapterReader.read(dir).state();
                BertModelDir base = baseModel(champion.baseModel());
                LOG.infof("loaded champion %s of %s", champion.version(), champion.task());
                return new LoadedClassifier("champion " + champion.version(), build(base, adapter),
                        inference.cachedPredictionsPerModel());
            } catch (CandidateRejectedException e) {
                throw new ReferenceUnavailableException(e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                if (e instanceof TransientException t) {
                    throw t;
                }
                throw new ReferenceUnavailableException("champion " + champion.version() + " does not load: "
                        + e.getMessage(), e);
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private LoadedClassifier loadBaseline(TaskSpec spec) {
        BertModelDir base;
        try {
            base = baseModel(spec.baseModel());
        } catch (CandidateRejectedException e) {
            throw new ReferenceUnavailableException(e.getMessage(), e);
        }
        try {
            TextClassifier classifier = TextClassifier.builder().setBaseModel(base).setLabels(spec.labels())
                    .optSeed(baselineSeed).optDevice(inference.device()).optBatchSize(inference.batchSize())
                    .optMaxLength(inference.maxLength()).build();
            LOG.infof("loaded the untrained baseline of %s on %s", spec.task(), spec.baseModel());
            return new LoadedClassifier("the base model " + spec.baseModel() + " with an untrained head (seed "
                    + baselineSeed + ", no champion yet)", classifier, inference.cachedPredictionsPerModel());
        } catch (IOException | RuntimeException e) {
            throw new ReferenceUnavailableException("base model " + spec.baseModel() + " does not load: " + e.getMessage(), e);
        }
    }

    private TextClassifier build(BertModelDir base, AdapterState adapter) throws IOException {
        return TextClassifier.builder().setBaseModel(base).optAdapter(adapter).optDevice(inference.device())
                .optBatchSize(inference.batchSize()).optMaxLength(inference.maxLength()).build();
    }

    /** Downloads and verifies {@code files}; a missing or corrupt file is the fault of whoever announced it. */
    private void fetch(String prefix, Map<String, String> files, Path dir, String check) {
        try {
            store.fetchFiles(prefix, files, dir);
        } catch (ObjectNotFoundException e) {
            throw new CandidateRejectedException(check, "object '" + e.key() + "' is missing from the store", e);
        } catch (IntegrityException e) {
            throw new CandidateRejectedException(check, "corrupt file: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CandidateRejectedException(check, e.getMessage(), e);
        } catch (ObjectStoreException e) {
            throw new TransientException("cannot fetch " + prefix + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new TransientException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    private BertModelDir baseModel(String baseModel) {
        try {
            return BertModelDir.open(cachedBaseModel(baseModel).dir());
        } catch (IOException e) {
            throw new CandidateRejectedException(Checks.BASE_MODEL, "base model " + baseModel + " is unreadable: "
                    + e.getMessage(), e);
        }
    }

    private ModelCache.CachedModel cachedBaseModel(String baseModel) {
        try {
            return baseModels.get(baseModel);
        } catch (ObjectNotFoundException e) {
            throw new CandidateRejectedException(Checks.BASE_MODEL, "base model '" + baseModel + "' is not in the store ("
                    + ObjectLayout.modelPrefix(baseModel) + ")", e);
        } catch (IntegrityException e) {
            throw new CandidateRejectedException(Checks.BASE_MODEL, "base model '" + baseModel + "' is corrupt: "
                    + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new CandidateRejectedException(Checks.BASE_MODEL, e.getMessage(), e);
        } catch (ObjectStoreException e) {
            throw new TransientException("cannot fetch base model " + baseModel + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new TransientException("cannot cache base model " + baseModel + ": " + e.getMessage(), e);
        }
    }

    private void remember(String key, LoadedClassifier classifier) {
        LoadedClassifier previous = references.put(key, classifier);
        if (previous != null && previous != classifier) {
            previous.close();
        }
        for (Iterator<Map.Entry<String, LoadedClassifier>> it = references.entrySet().iterator();
             references.size() > Math.max(1, inference.cachedModels()) && it.hasNext(); ) {
            Map.Entry<String, LoadedClassifier> eldest = it.next();
            it.remove();
            eldest.getValue().close();
            LOG.debugf("unloaded %s", eldest.getKey());
        }
    }

    private static String championKey(ChampionEvent champion) {
        return championKey(champion.task(), champion.version(), champion.files());
    }

    /** A promoted adapter's identity: task, version and the SHA-256s of the two files the model is made of. */
    private static String championKey(String task, String version, Map<String, String> files) {
        Map<String, String> adapter = adapterFiles(files);
        return "champion/" + task + "/" + version + "/" + adapter.get(PeftFormat.CONFIG_FILE) + "/"
                + adapter.get(PeftFormat.WEIGHTS_FILE);
    }

    /** The two files a model is loaded from (training.json, evaluation.json are not needed). */
    private static Map<String, String> adapterFiles(Map<String, String> files) {
        Map<String, String> adapter = new TreeMap<>();
        for (String name : new String[] {PeftFormat.CONFIG_FILE, PeftFormat.WEIGHTS_FILE}) {
            if (files.containsKey(name)) {
                adapter.put(name, files.get(name));
            }
        }
        return adapter;
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", dir, e.getMessage());
        }
    }

    /** Frees every loaded model. */
    @PreDestroy
    synchronized void close() {
        references.values().forEach(LoadedClassifier::close);
        references.clear();
    }
}
