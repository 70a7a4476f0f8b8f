package io.lorastream.lora.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.data.StratifiedSampler;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.hf.BertTokenizer;
import io.lorastream.lora.hf.TokenizedBatch;
import io.lorastream.lora.infer.NoGradScope;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraBertClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a {@link LoraTrainer}: split, tokenize, train epoch by epoch with validation and
 * early stopping, and export the best adapter. Each batch runs in its own NDManager, closed before
 * the next; the model, tokenizer and optimizer state are closed when the run ends.
 */
final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** An isolated bad gradient is skipped; several in a row mean training has diverged. */
    private static final int MAX_CONSECUTIVE_SKIPS = 3;

    private final BertModelDir baseModel;
    private final LabelSet labels;
    private final TrainingSettings settings;
    private final TrainingListener listener;
    private final Device device;
    private final AdapterState start;
    private final CancellationToken cancellation;

    private final List<Double> stepLosses = new ArrayList<>();
    private final List<EpochSummary> epochs = new ArrayList<>();
    private long trainingNanos;
    private long examplesSeen;
    private long tokensSeen;
    private int skippedSteps;
    private int consecutiveSkips;

    TrainingRun(BertModelDir baseModel, LabelSet labels, TrainingSettings settings, TrainingListener listener,
            Device device, AdapterState start, CancellationToken cancellation) {
        this.baseModel = baseModel;
        this.labels = labels;
        this.settings = settings;
        this.listener = listener;
        this.device = device;
        this.start = start;
        this.cancellation = cancellation;
    }

    TrainingResult execute(List<LabeledExample> examples) {
        long startNanos = System.nanoTime();
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("examples is empty: at least one example is needed to train");
        }
        for (int i = 0; i < examples.size(); i++) {
            labels.indexOf(examples.get(i).label(), "example " + i); // fail before loading anything
        }
        // Seeds PyTorch's generator, which draws the dropout masks.
        Engine.getInstance().setRandomSeed((int) (settings.seed() ^ (settings.seed() >>> 32)));
        LoraBertClassifier.Builder modelBuilder = LoraBertClassifier.builder()
                .setBaseModel(baseModel)
                .setLabels(labels.labels())
                .optSettings(settings.lora())
                .optDevice(device)
                .optSeed(settings.seed());
        if (start != null) {
            modelBuilder.optAdapter(start);
        }
        try (LoraBertClassifier model = modelBuilder.build()) {
            return execute(examples, model, startNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load base model " + baseModel.root(), e);
        }
    }

    /**
     * Trains {@code model}, which the caller owns and closes: the seam through which a test checks
     * what training did to every parameter of the very model it ran on.
     */
    TrainingResult execute(List<LabeledExample> examples, LoraBertClassifier model, long startNanos) {
        List<List<LabeledExample>> split = split(examples);
        List<LabeledExample> trainSplit = split.get(0);
        List<LabeledExample> validationSplit = split.get(1);
        try (BertTokenizer tokenizer = BertTokenizer.load(baseModel, settings.maxLength());
                NDManager optimizerState = model.manager().newSubManager()) {
            int[] trainClasses = trainSplit.stream().mapToInt(e -> labels.indexOf(e.label(), "example")).toArray();
            double[] classWeights = settings.classWeighting().weights(labels, trainClasses);
            TokenizedExamples train = TokenizedExamples.of(trainSplit, labels, tokenizer, classWeights);
            TokenizedExamples validation = validationSplit.isEmpty() ? null
                    : TokenizedExamples.of(validationSplit, labels, tokenizer, classWeights);
            int padTo = settings.dynamicPadding() ? 0 : tokenizer.maxLength();

            AdapterState best = trainEpochs(model, train, validation, padTo, optimizerState);
            StopReason stopReason = epochs.size() < settings.epochs() ? StopReason.EARLY_STOPPED : StopReason.COMPLETED;
            int bestEpoch = validation == null ? epochs.size() - 1 : bestEpochOf(epochs);
            AdapterState adapter = best != null ? best : model.exportAdapter();

            double seconds = trainingNanos / 1e9;
            Duration wallTime = Duration.ofNanos(System.nanoTime() - startNanos);
            LOG.info("trained {} steps on {} examples in {} s ({} examples/s) on {}, best epoch {}, {}",
                    stepLosses.size(), trainSplit.size(), String.format("%.1f", wallTime.toMillis() / 1000.0),
                    String.format("%.1f", examplesSeen / seconds), device, bestEpoch, stopReason);
            return new TrainingResult(adapter, settings, stepLosses, epochs, bestEpoch, stopReason, trainSplit.size(),
                    validationSplit.size(), skippedSteps, examplesSeen / seconds, tokensSeen / seconds,
                    device.toString(), wallTime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load base model " + baseModel.root(), e);
        }
    }

    /** Stratified train/validation split; no validation when the fraction leaves no example for it. */
    private List<List<LabeledExample>> split(List<LabeledExample> examples) {
        int validationSize = (int) Math.round(examples.size() * settings.validationFraction());
        if (validationSize == 0) {
            return List.of(examples, List.of());
        }
        if (validationSize >= examples.size()) {
            throw new IllegalArgumentException("validationFraction " + settings.validationFraction() + " of "
                    + examples.size() + " examples leaves none to train on");
        }
        return StratifiedSampler.split(examples, LabeledExample::label,
                new int[] {examples.size() - validationSize, validationSize}, settings.seed());
    }

    /**
     * Runs the epochs. With a validation split, returns the adapter of the epoch with the lowest
     * validation loss (exported when that epoch ended); without one, null: the final state is the result.
     */
    private AdapterState trainEpochs(LoraBertClassifier model, TokenizedExamples train, TokenizedExamples validation,
            int padTo, NDManager optimizerState) {
        LengthBucketBatcher batcher = new LengthBucketBatcher(settings.batchSize(), settings.lengthBucketing(),
                settings.seed());
        int stepsPerEpoch = batcher.batchesPerEpoch(train.size());
        int totalSteps = stepsPerEpoch * settings.epochs();
        LinearWarmupDecay schedule = new LinearWarmupDecay((float) settings.learningRate(),
                (int) Math.round(totalSteps * settings.warmupRatio()), totalSteps);
        AdamWOptimizer optimizer = AdamWOptimizer.withDefaults(optimizerState, (float) settings.weightDecay());
        Map<String, NDArray> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.trainableParameters().entrySet()) {
            weights.put(e.getKey(), e.getValue().getArray());
        }
        EarlyStopping earlyStopping = new EarlyStopping(settings.earlyStoppingPatience(), 0.0);
        int[] lengths = train.lengths();
        AdapterState best = null;

        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            double epochLoss = 0;
            List<int[]> batches = batcher.plan(lengths, epoch);
            for (int[] batch : batches) {
                if (cancellation.isCancelled()) {
                    throw new TrainingCancelledException(stepLosses.size());
                }
                int step = stepLosses.size() + 1;
                float learningRate = schedule.getNewValue(step);
                long t0 = System.nanoTime();
                StepOutcome outcome = step(model, train, batch, padTo, weights, optimizer, learningRate);
                trainingNanos += System.nanoTime() - t0;
                examplesSeen += batch.length;
                tokensSeen += train.tokens(batch);
                if (!Double.isFinite(outcome.loss())) {
                    throw new IllegalStateException("training loss is " + outcome.loss() + " at step " + step
                            + " (epoch " + epoch + "): lower the learning rate or check the example weights");
                }
                if (!outcome.applied()) {
                    skippedSteps++;
                    consecutiveSkips++;
                    LOG.warn("step {} skipped: gradient norm is {} (loss {})", step, outcome.gradientNorm(),
                            outcome.loss());
                    if (consecutiveSkips > MAX_CONSECUTIVE_SKIPS) {
                        throw new IllegalStateException("gradient norm non-finite for " + consecutiveSkips
                                + " steps in a row, last at step " + step
                                + ": lower the learning rate or check the inputs");
                    }
                } else {
                    consecutiveSkips = 0;
                }
                stepLosses.add(outcome.loss());
                epochLoss += outcome.loss();
                listener.onStep(progress(epoch, step, totalSteps, outcome, learningRate));
            }
            if (cancellation.isCancelled()) {
                throw new TrainingCancelledException(stepLosses.size());
            }
            EpochSummary summary;
            if (validation == null) {
                summary = new EpochSummary(epoch, epochLoss / batches.size(), OptionalDouble.empty(),
                        OptionalDouble.empty(), true);
            } else {
                Validation.Outcome v = Validation.run(model, validation, settings.batchSize() * 2, padTo,
                        labels.size());
                boolean improved = earlyStopping.record(epoch, v.loss());
                summary = new EpochSummary(epoch, epochLoss / batches.size(), OptionalDouble.of(v.loss()),
                        OptionalDouble.of(v.accuracy()), improved);
                if (improved) {
                    best = model.exportAdapter();
                }
            }
            epochs.add(summary);
            listener.onEpoch(summary);
            if (earlyStopping.shouldStop()) {
                break;
            }
        }
        return best;
    }

    private record StepOutcome(double loss, double gradientNorm, boolean applied) {
    }

    /**
     * Forward, backward, clip and update for one batch. The batch runs as micro-batches whose
     * gradients accumulate before the single update: the result is the full batch's gradient, while
     * only one micro-batch's activations are alive at a time. Each micro-batch has its own NDManager,
     * closed before the next starts.
     */
    private StepOutcome step(LoraBertClassifier model, TokenizedExamples train, int[] batch, int padTo,
            Map<String, NDArray> weights, AdamWOptimizer optimizer, float learningRate) {
        int numClasses = labels.size();
        float batchWeight = train.totalWeight(batch);
        int micro = settings.microBatchSize() == 0 ? batch.length : settings.microBatchSize();
        float loss = 0;
        for (int from = 0; from < batch.length; from += micro) {
            int[] part = Arrays.copyOfRange(batch, from, Math.min(from + micro, batch.length));
            try (NDManager batchManager = model.manager().newSubManager()) {
                TokenizedBatch tokens = train.batch(part, padTo);
                NDArray target = batchManager.create(train.lossTarget(part, numClasses, batchWeight),
                        new Shape(part.length, numClasses));
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = model.logits(tokens, batchManager, true);
                    // This part's share of the weighted mean cross-entropy: target rows hold weight / batch weight.
                    NDArray lossArray = logits.logSoftmax(1).mul(target).sum().neg();
                    collector.backward(lossArray);
                    loss += lossArray.getFloat();
                }
            }
        }
        if (!Float.isFinite(loss)) {
            return new StepOutcome(loss, Double.NaN, false); // reported by the caller; weights stay untouched
        }
        try (NoGradScope noGrad = NoGradScope.open()) {
            double norm = GradientClipping.clip(weights.values(), settings.maxGradNorm());
            boolean applied = Double.isFinite(norm);
            if (applied) {
                float headLearningRate = (float) (learningRate * settings.headLearningRate() / settings.learningRate());
                optimizer.update(weights, name -> isHead(name) ? headLearningRate : learningRate);
            }
            // A non-finite gradient would turn every weight into NaN: skip the update, as PyTorch's
            // GradScaler does, and let the caller count it.
            AdamWOptimizer.zeroGradients(weights.values());
            return new StepOutcome(loss, norm, applied);
        }
    }

    /** The head is every trained parameter that is not a LoRA matrix: classifier, and pooler when trained. */
    static boolean isHead(String parameterName) {
        return !parameterName.contains(".lora_");
    }

    private TrainingProgress progress(int epoch, int step, int totalSteps, StepOutcome outcome, float learningRate) {
        double seconds = trainingNanos / 1e9;
        double examplesPerSecond = seconds > 0 ? examplesSeen / seconds : 0;
        long etaNanos = step == 0 ? 0 : trainingNanos / step * (totalSteps - step);
        return new TrainingProgress(epoch, step, totalSteps, outcome.loss(), learningRate, outcome.gradientNorm(),
                examplesPerSecond, Duration.ofNanos(trainingNanos), Duration.ofNanos(etaNanos));
    }

    private static int bestEpochOf(List<EpochSummary> epochs) {
        int best = 0;
        for (EpochSummary e : epochs) {
            if (e.validationLoss().orElse(Double.POSITIVE_INFINITY)
                    < epochs.get(best).validationLoss().orElse(Double.POSITIVE_INFINITY)) {
                best = e.epoch();
            }
        }
        return best;
    }
}
