package io.lorastream.evaluator.domain;

import io.lorastream.contracts.CandidateEvent;
import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.CheckResult;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.SchemaVersion;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.lora.infer.Prediction;
import io.lorastream.lora.peft.PeftFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges one candidate: checks its event and files, loads it and the reference model (champion, or the
 * base model with an untrained head), scores both on exactly the same items (held-out window, retention
 * sample, golden set) and lets the {@link Gate} decide. Every way a candidate can be bad ends in a
 * rejected decision naming the check; only an unreachable store ({@link TransientException}) escapes.
 */
public final class CandidateJudge {

    /** The files every candidate must announce. */
    static final List<String> REQUIRED_FILES = List.of(PeftFormat.CONFIG_FILE, PeftFormat.WEIGHTS_FILE);

    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final EvaluationInputs inputs;
    private final ModelSource models;
    private final Gate gate;
    private final GateSettings settings;
    private final Clock clock;

    public CandidateJudge(EvaluationInputs inputs, ModelSource models, GateSettings settings, Clock clock) {
        this.inputs = inputs;
        this.models = models;
        this.gate = new Gate(settings);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The decision on {@code candidate}.
     *
     * @throws TransientException when the store or the broker cannot be reached: judge it again later
     */
    public Judgement judge(CandidateEvent candidate) {
        long started = System.nanoTime();
        Evidence evidence = new Evidence(candidate, started);

        Optional<TaskSpec> found = inputs.taskSpec(candidate.task());
        if (found.isEmpty()) {
            return evidence.reject(Checks.TASK_SPEC, "no task spec for '" + candidate.task()
                    + "' on lorastream.tasks: its labels and gate policy are unknown");
        }
        TaskSpec spec = found.get();
        Optional<ChampionEvent> champion = inputs.champion(candidate.task());
        evidence.championVersion = champion.map(ChampionEvent::version).orElse(null);

        String problem = fileProblem(candidate);
        if (problem != null) {
            return evidence.reject(Checks.ARTIFACTS, problem);
        }
        try {
            evidence.pass(baseModelCheck(candidate, spec));
        } catch (CandidateRejectedException e) {
            return evidence.reject(e.check(), e.getMessage());
        }

        EvaluationSnapshot snapshot = inputs.heldOut(candidate.task());
        List<EvalItem> holdout = known(snapshot.window(), spec);
        List<EvalItem> retention = known(snapshot.retention(), spec);
        evidence.sizes.put("holdout", holdout.size());
        evidence.sizes.put("retention", retention.size());
        int skipped = snapshot.window().size() - holdout.size();
        String holdoutDetail = holdout.size() + " held-out items" + (skipped > 0 ? " (" + skipped
                + " more skipped: their labels are not in the task's label set)" : "") + ", " + retention.size()
                + " retention items; minimum " + settings.minHoldoutItems() + " held-out items";
        if (holdout.size() < settings.minHoldoutItems()) {
            return evidence.reject(Checks.HOLDOUT_SIZE, holdout.size(), settings.minHoldoutItems(),
                    "too few held-out items to judge on: " + holdoutDetail);
        }
        evidence.pass(Checks.passed(Checks.HOLDOUT_SIZE, holdout.size(), settings.minHoldoutItems(), holdoutDetail));

        Optional<List<EvalItem>> golden;
        try {
            golden = inputs.goldenSet(candidate.task()).map(items -> known(items, spec));
        } catch (GoldenSetException e) {
            return evidence.reject(Checks.GOLDEN_SET, "the task's golden set is unusable, so no candidate can be "
                    + "judged on it until it is fixed: " + e.getMessage());
        }
        golden.ifPresent(items -> evidence.sizes.put("golden", items.size()));

        Classifier loaded;
        try {
            loaded = models.loadCandidate(candidate);
        } catch (CandidateRejectedException e) {
            return evidence.reject(e.check(), e.getMessage());
        }
        boolean approved = false;
        try {
            evidence.pass(Checks.passed(Checks.ARTIFACTS, candidate.files().size(), candidate.files().size(),
                    candidate.files().size() + " files fetched from " + candidate.objectPrefix() + ", every SHA-256 verified"));
            evidence.pass(Checks.passed(Checks.ADAPTER_LOADS, 1, 1, "the PEFT adapter loads onto " + spec.baseModel()));
            if (!loaded.labels().equals(spec.labels())) {
                return evidence.reject(Checks.LABEL_MAP, 0, 1, "the adapter's labels " + loaded.labels()
                        + " are not the task's labels " + spec.labels() + " (same names, same order)");
            }
            evidence.pass(Checks.passed(Checks.LABEL_MAP, 1, 1, "labels " + spec.labels() + " as in the task spec"));

            Classifier reference;
            try {
                reference = models.reference(spec, champion);
            } catch (ReferenceUnavailableException e) {
                return evidence.reject(Checks.REFERENCE_MODEL, "cannot compare with " + evidence.championVersion
                        + ": " + e.getMessage());
            }
            evidence.pass(Checks.passed(Checks.REFERENCE_MODEL, 1, 1, "compared with " + reference.description()));

            Judgement judgement = score(candidate, spec, evidence, loaded, reference, champion.isPresent(), holdout,
                    retention, golden);
            approved = judgement.decision().approved();
            return judgement;
        } finally {
            models.release(candidate, loaded, approved);
        }
    }

    private Judgement score(CandidateEvent candidate, TaskSpec spec, Evidence evidence, Classifier loaded,
                            Classifier reference, boolean hasChampion, List<EvalItem> holdout, List<EvalItem> retention,
                            Optional<List<EvalItem>> golden) {
        List<EvalItem> all = new ArrayList<>(holdout);
        all.addAll(retention);
        golden.ifPresent(all::addAll);
        List<String> texts = all.stream().map(EvalItem::text).toList();
        List<String> labels = spec.labels();
        int[] actual = all.stream().mapToInt(i -> labels.indexOf(i.label())).toArray();

        long t0 = System.nanoTime();
        List<Prediction> candidatePredictions = loaded.predict(texts);
        long t1 = System.nanoTime();
        List<Prediction> referencePredictions = reference.predict(texts);
        long t2 = System.nanoTime();
        ModelOutput candidateOut = ModelOutput.of(candidatePredictions, loaded.labels(), labels);
        ModelOutput referenceOut = ModelOutput.of(referencePredictions, reference.labels(), labels);

        int h = holdout.size();
        int r = retention.size();
        ScoredSet holdoutSet = slice("holdout", actual, candidateOut, referenceOut, 0, h);
        List<ScoredSet> forgetting = new ArrayList<>();
        forgetting.add(slice("retention", actual, candidateOut, referenceOut, h, h + r));
        golden.ifPresent(items -> forgetting.add(slice("golden", actual, candidateOut, referenceOut, h + r,
                h + r + items.size())));

        GateResult result = gate.judge(spec.gate(), labels, reference.description(), hasChampion, holdoutSet, forgetting);
        List<CheckResult> checks = new ArrayList<>(evidence.checks);
        checks.addAll(result.checks());
        boolean approved = checks.stream().allMatch(CheckResult::passed);
        DecisionEvent decision = new DecisionEvent(SchemaVersion.CURRENT, candidate.task(), candidate.version(),
                evidence.championVersion, approved, checks, finite(result.candidateMetrics()),
                finite(result.referenceMetrics()), evidence.sizes, evidence.elapsedMillis(), clock.instant());
        return new Judgement(decision, result.maxClassRecallDrop(), new Judgement.Scoring(texts.size(), t1 - t0),
                new Judgement.Scoring(texts.size(), t2 - t1));
    }

    private static ScoredSet slice(String name, int[] actual, ModelOutput candidate, ModelOutput reference, int from,
                                   int to) {
        return new ScoredSet(name, java.util.Arrays.copyOfRange(actual, from, to), candidate.slice(from, to),
                reference.slice(from, to));
    }

    /** Null when the announced files are where they must be; otherwise what is wrong. */
    static String fileProblem(CandidateEvent candidate) {
        String expected = ObjectLayout.candidatePrefix(candidate.task(), candidate.version());
        if (!expected.equals(candidate.objectPrefix())) {
            return "objectPrefix '" + candidate.objectPrefix() + "' is not the candidate's folder '" + expected + "'";
        }
        for (String name : candidate.files().keySet()) {
            if (!SAFE_FILE_NAME.matcher(name).matches() || name.contains("..")) {
                return "file name '" + name + "' is invalid: it must match " + SAFE_FILE_NAME.pattern() + " without '..'";
            }
        }
        List<String> missing = REQUIRED_FILES.stream().filter(f -> !candidate.files().containsKey(f)).toList();
        if (!missing.isEmpty()) {
            return "files lacks " + missing + ": a candidate must announce " + REQUIRED_FILES + " (announced: "
                    + candidate.files().keySet() + ")";
        }
        return null;
    }

    private CheckResult baseModelCheck(CandidateEvent candidate, TaskSpec spec) {
        if (!candidate.baseModel().equals(spec.baseModel())) {
            throw new CandidateRejectedException(Checks.BASE_MODEL, "trained on base model '" + candidate.baseModel()
                    + "' but the task uses '" + spec.baseModel() + "'");
        }
        String stored = models.baseModelSha256(spec.baseModel());
        if (!stored.equals(candidate.baseModelSha256())) {
            throw new CandidateRejectedException(Checks.BASE_MODEL, "trained on weights with SHA-256 "
                    + candidate.baseModelSha256() + " but " + ObjectLayout.modelPrefix(spec.baseModel())
                    + "model.safetensors has " + stored + ": the base model changed since");
        }
        return Checks.passed(Checks.BASE_MODEL, 1, 1, "base model " + spec.baseModel() + ", weights SHA-256 " + stored);
    }

    private static List<EvalItem> known(List<EvalItem> items, TaskSpec spec) {
        return items.stream().filter(i -> spec.hasLabel(i.label())).toList();
    }

    /** Drops values JSON cannot carry (NaN, infinities). */
    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The checks passed so far and the set sizes, for an early rejection. */
    private final class Evidence {
        final CandidateEvent candidate;
        final long started;
        final List<CheckResult> checks = new ArrayList<>();
        final Map<String, Integer> sizes = new LinkedHashMap<>();
        String championVersion;

        Evidence(CandidateEvent candidate, long started) {
            this.candidate = candidate;
            this.started = started;
        }

        void pass(CheckResult check) {
            checks.add(check);
        }

        Judgement reject(String check, String reason) {
            return reject(check, 0, 1, reason);
        }

        Judgement reject(String check, double value, double threshold, String reason) {
            List<CheckResult> all = new ArrayList<>(checks);
            all.add(Checks.failed(check, value, threshold, reason));
            return Judgement.withoutScoring(Decisions.rejected(candidate.task(), candidate.version(), championVersion, all,
                    sizes, elapsedMillis(), clock.instant()));
        }

        long elapsedMillis() {
            return (System.nanoTime() - started) / 1_000_000;
        }
    }
}
