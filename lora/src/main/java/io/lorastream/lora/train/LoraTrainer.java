package io.lorastream.lora.train;

import io.lorastream.lora.data.LabeledExample;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraBertClassifier;
import io.lorastream.lora.model.LoraSettings;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fine-tunes a LoRA adapter and classification head on labelled examples, from scratch or from an
 * earlier adapter (warm start). Configured once with a builder, then {@link #train} any number of
 * times; every run loads the base model, trains, and frees all native memory before returning.
 *
 * <pre>{@code
 * LoraTrainer trainer = LoraTrainer.builder()
 *         .setBaseModel(BertModelDir.open(dir))
 *         .setLabels(List.of("ham", "spam"))
 *         .optEpochs(2)
 *         .optLearningRate(5e-4)
 *         .optClassWeighting(ClassWeighting.balanced())
 *         .optValidationFraction(0.1)
 *         .optEarlyStoppingPatience(1)
 *         .optListener(progress -> log.info("step {} loss {}", progress.step(), progress.loss()))
 *         .build();
 * TrainingResult result = trainer.train(examples);               // or trainFrom(champion, examples, token)
 * PeftAdapterWriter.write(dir, result.adapter(), "all-MiniLM-L6-v2");
 * }</pre>
 *
 * <p>Runs in one process take turns: DJL's PyTorch engine records gradients for one thread at a
 * time, so a second {@code train} call waits for the first to finish.
 */
public final class LoraTrainer {

    /** DJL's PyTorch gradient collector is a process-wide singleton: runs must not overlap. */
    private static final ReentrantLock RUN_LOCK = new ReentrantLock();

    /** Micro-batch size that bounded peak memory without slowing steps down on a 2-core CPU. */
    public static final int DEFAULT_MICRO_BATCH = 8;

    private final BertModelDir baseModel;
    private final List<String> labels;
    private final TrainingSettings settings;
    private final TrainingListener listener;
    private final int intraOpThreads;
    private final int interOpThreads;
    private final DeviceSelector deviceSelector;

    private LoraTrainer(Builder b) {
        this.baseModel = b.baseModel;
        this.labels = b.labels;
        this.settings = new TrainingSettings(b.lora, b.epochs, b.batchSize, b.microBatchSize, b.learningRate,
                b.headLearningRate > 0 ? b.headLearningRate : b.learningRate, b.weightDecay, b.warmupRatio, b.maxGradNorm, b.classWeighting, b.validationFraction,
                b.earlyStoppingPatience, b.maxLength, b.dynamicPadding, b.lengthBucketing, b.seed, b.device);
        this.listener = b.listener;
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.deviceSelector = b.deviceSelector;
    }

    public static Builder builder() {
        return new Builder();
    }

    public TrainingSettings settings() {
        return settings;
    }

    public List<String> labels() {
        return labels;
    }

    /** Trains a fresh adapter on {@code examples}. */
    public TrainingResult train(List<LabeledExample> examples) {
        return train(examples, new CancellationToken());
    }

    /**
     * Trains a fresh adapter on {@code examples}.
     *
     * @throws IllegalArgumentException when there are no examples or a label is not in the label set
     * @throws TrainingCancelledException when {@code cancellation} is cancelled during the run
     */
    public TrainingResult train(List<LabeledExample> examples, CancellationToken cancellation) {
        return run(null, examples, cancellation);
    }

    /**
     * Continues training from {@code start} (e.g. the current champion): its LoRA and head weights are
     * the starting point. Its labels and LoRA settings must match this trainer's.
     *
     * @throws IllegalArgumentException when the adapter does not fit, there are no examples, or a label
     *     is not in the label set
     * @throws TrainingCancelledException when {@code cancellation} is cancelled during the run
     */
    public TrainingResult trainFrom(AdapterState start, List<LabeledExample> examples,
            CancellationToken cancellation) {
        Objects.requireNonNull(start, "start adapter");
        return run(start, examples, cancellation);
    }

    /** Trains {@code model} itself (the caller keeps and closes it), for tests that inspect it afterwards. */
    TrainingResult trainModel(LoraBertClassifier model, List<LabeledExample> examples) {
        RUN_LOCK.lock();
        try {
            ComputeThreads.apply(intraOpThreads, interOpThreads);
            return new TrainingRun(baseModel, new LabelSet(labels), settings, listener, model.device(), null,
                    new CancellationToken()).execute(examples, model, System.nanoTime());
        } finally {
            RUN_LOCK.unlock();
        }
    }

    private TrainingResult run(AdapterState start, List<LabeledExample> examples, CancellationToken cancellation) {
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(cancellation, "cancellation");
        RUN_LOCK.lock();
        try {
            ComputeThreads.apply(intraOpThreads, interOpThreads);
            return new TrainingRun(baseModel, new LabelSet(labels), settings, listener,
                    deviceSelector.select(settings.device()), start, cancellation).execute(examples);
        } finally {
            RUN_LOCK.unlock();
        }
    }

    /** Options for {@link LoraTrainer}: {@code set*} required, {@code opt*} optional with the stated default. */
    public static final class Builder {
        private BertModelDir baseModel;
        private List<String> labels;
        private LoraSettings lora = LoraSettings.defaults();
        private int epochs = 3;
        private int batchSize = 32;
        private int microBatchSize = DEFAULT_MICRO_BATCH;
        private double learningRate = 5e-4;
        private double headLearningRate;
        private double weightDecay = 0.01;
        private double warmupRatio = 0.1;
        private double maxGradNorm = 1.0;
        private ClassWeighting classWeighting = ClassWeighting.none();
        private double validationFraction;
        private int earlyStoppingPatience;
        private int maxLength = 128;
        private boolean dynamicPadding = true;
        private boolean lengthBucketing = true;
        private long seed = 42;
        private String device = "auto";
        private int intraOpThreads;
        private int interOpThreads;
        private TrainingListener listener = TrainingListener.none();
        private DeviceSelector deviceSelector = new DeviceSelector();

        private Builder() {
        }

        /** The base model directory (config.json, model.safetensors, tokenizer.json). Required. */
        public Builder setBaseModel(BertModelDir baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        /** The task's labels, in class-index order. Required. */
        public Builder setLabels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /** LoRA rank, alpha, dropout and targets; default {@link LoraSettings#defaults()}. */
        public Builder optLoraSettings(LoraSettings lora) {
            this.lora = Objects.requireNonNull(lora);
            return this;
        }

        /** Passes over the training split; default 3. */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Examples per optimizer step; default 32. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Examples per forward/backward pass; their gradients accumulate into the batch's single update,
         * so results match the full batch while only this many examples' activations are in memory.
         * Default {@value LoraTrainer#DEFAULT_MICRO_BATCH}; 0 runs the whole batch at once.
         */
        public Builder optMicroBatchSize(int microBatchSize) {
            this.microBatchSize = microBatchSize;
            return this;
        }

        /** Peak learning rate; default 5e-4 (LoRA tolerates rates ten times a full fine-tune's). */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Peak learning rate of the head (classifier, and pooler when trained); default: the same as
         * {@link #optLearningRate}. A freshly initialised head learns slowly at a LoRA-sized rate.
         */
        public Builder optHeadLearningRate(double headLearningRate) {
            this.headLearningRate = headLearningRate;
            return this;
        }

        /** AdamW decoupled weight decay; default 0.01. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Fraction of all steps spent in linear warm-up; default 0.1. */
        public Builder optWarmupRatio(double warmupRatio) {
            this.warmupRatio = warmupRatio;
            return this;
        }

        /** Global gradient-norm clip; default 1.0; 0 disables. */
        public Builder optMaxGradNorm(double maxGradNorm) {
            this.maxGradNorm = maxGradNorm;
            return this;
        }

        /** Class weights in the loss; default none (examples still carry their own weight). */
        public Builder optClassWeighting(ClassWeighting classWeighting) {
            this.classWeighting = Objects.requireNonNull(classWeighting);
            return this;
        }

        /** Fraction of examples held out (stratified by label) for validation; default 0 (none). */
        public Builder optValidationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        /**
         * Epochs without validation-loss improvement before stopping; default 0 (never stop early).
         * With a validation split the adapter always comes from the best epoch.
         */
        public Builder optEarlyStoppingPatience(int earlyStoppingPatience) {
            this.earlyStoppingPatience = earlyStoppingPatience;
            return this;
        }

        /** Longest token sequence, special tokens included; default 128. */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Pad each batch only to its longest example; default true. */
        public Builder optDynamicPadding(boolean dynamicPadding) {
            this.dynamicPadding = dynamicPadding;
            return this;
        }

        /** Batch examples of similar token length together; default true. */
        public Builder optLengthBucketing(boolean lengthBucketing) {
            this.lengthBucketing = lengthBucketing;
            return this;
        }

        /** Seed of the split, shuffling, initialisation and dropout; default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** {@code auto} (default), {@code cpu}, {@code gpu} or {@code gpu:N}; see {@link DeviceSelector}. */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** PyTorch intra-op and inter-op CPU threads (process-wide); default 0 = leave as they are. */
        public Builder optThreads(int intraOp, int interOp) {
            this.intraOpThreads = intraOp;
            this.interOpThreads = interOp;
            return this;
        }

        /** Receives step and epoch progress; default none. */
        public Builder optListener(TrainingListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** How device settings resolve; default asks the DJL engine for its GPU count. */
        public Builder optDeviceSelector(DeviceSelector deviceSelector) {
            this.deviceSelector = Objects.requireNonNull(deviceSelector);
            return this;
        }

        /**
         * @throws NullPointerException when a required setting is missing
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public LoraTrainer build() {
            Objects.requireNonNull(baseModel, "setBaseModel is required");
            Objects.requireNonNull(labels, "setLabels is required");
            new LabelSet(labels); // validates now rather than at the first run
            return new LoraTrainer(this);
        }
    }
}
