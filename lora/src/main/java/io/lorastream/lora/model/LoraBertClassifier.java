package io.lorastream.lora.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import io.lorastream.lora.hf.BertConfig;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.hf.TokenizedBatch;
import io.lorastream.lora.safetensors.FloatTensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * A Hugging Face BERT-family base model with LoRA on its targeted linear layers and a sequence
 * classification head: the model lorastream trains, evaluates and serves.
 *
 * <p>Base weights are frozen (no gradients, never modified by training). Trainable are the LoRA matrices
 * (A Kaiming-uniform as PEFT, B zeros, so a fresh model equals its base) and the modules to save: the
 * classifier (normal(0, {@code initializer_range}) weight, zero bias, as HF) and, if configured, the pooler.
 *
 * <pre>{@code
 * try (LoraBertClassifier model = LoraBertClassifier.builder()
 *         .setBaseModel(BertModelDir.open(dir))
 *         .setLabels(List.of("ham", "spam"))
 *         .optSettings(LoraSettings.defaults().withR(16))
 *         .build();
 *      BertTokenizer tokenizer = BertTokenizer.load(model.baseModel(), 128);
 *      NDManager batch = model.manager().newSubManager()) {
 *     NDArray logits = model.logits(tokenizer.encode(texts), batch, true); // [batch, labels]
 *     // loss.backward() through a GradientCollector, then step an optimizer over trainableParameters()
 *     AdapterState adapter = model.exportAdapter();                       // PeftAdapterWriter writes it
 * }
 * }</pre>
 *
 * <p>Arrays created by a forward pass belong to the inputs' manager: run each batch in its own sub-manager
 * of {@link #manager()} and close it. Not thread-safe while training or merging; concurrent inference
 * ({@code training = false}) on an unchanging model is fine.
 */
public final class LoraBertClassifier implements AutoCloseable {

    private static final String LORA_A = ".lora_A.weight";
    private static final String LORA_B = ".lora_B.weight";

    private final BertModelDir baseModel;
    private final LoraSettings settings;
    private final List<String> labels;
    private final NDManager manager;
    private final SequenceClassifierBlock block;
    private final ParameterStore store;
    private final Map<String, Parameter> parameters;
    private final Map<String, Parameter> trainable;
    private final List<LoraLinear> loraLayers;
    private boolean merged;

    private LoraBertClassifier(Builder builder) throws IOException {
        this.baseModel = builder.baseModel;
        this.settings = builder.settings;
        this.labels = List.copyOf(builder.labels);
        BertConfig config = baseModel.config();
        this.block = new SequenceClassifierBlock(config, labels.size());
        this.loraLayers = LoraTargets.apply(block, settings);
        this.parameters = Collections.unmodifiableMap(block.namedParameters(""));
        this.trainable = Collections.unmodifiableMap(selectTrainable(parameters, settings));
        this.manager = NDManager.newBaseManager(builder.device);
        try {
            BertWeights.load(baseModel.weightsFile(), block.bert(), manager);
            initializeTrainable(config, new Random(builder.seed));
            parameters.forEach((name, parameter) -> parameter.freeze(!trainable.containsKey(name)));
            if (builder.adapter != null) {
                importAdapter(builder.adapter);
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
    }

    /** Starts a builder; {@code setBaseModel} and {@code setLabels} (or {@code optAdapter}) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Classification logits {@code [batch, labels]}.
     *
     * @param inputs {@code input_ids}, {@code attention_mask} and optionally {@code token_type_ids}, int64
     *     {@code [batch, seq]} (see {@link TokenizedBatch#toNDList}); moved to this model's device if needed
     * @param training true applies dropout (base, LoRA and classifier); gradients are recorded whenever a
     *     {@code GradientCollector} is open, whatever this flag says
     */
    public NDArray logits(NDList inputs, boolean training) {
        if (training && merged) {
            throw new IllegalStateException("merged for inference: unmerge() before training");
        }
        return block.forward(store, onDevice(inputs), training).singletonOrThrow();
    }

    /** {@link #logits(NDList, boolean)} of a tokenized batch, its arrays created on {@code batchManager}. */
    public NDArray logits(TokenizedBatch batch, NDManager batchManager, boolean training) {
        return logits(batch.toNDList(batchManager), training);
    }

    /** The encoder's {@code last_hidden_state} {@code [batch, seq, hidden]} in inference mode (LoRA applied). */
    public NDArray lastHiddenState(NDList inputs) {
        NDList onDevice = onDevice(inputs);
        NDArray tokenTypes = onDevice.size() > 2 ? onDevice.get(2) : null;
        return block.bert().encode(store, onDevice.get(0), onDevice.get(1), tokenTypes, false);
    }

    /** The LoRA and modules-to-save parameters, by {@link AdapterState} name: what an optimizer should update. */
    public Map<String, Parameter> trainableParameters() {
        return trainable;
    }

    /** Every parameter, frozen or not, by Hugging Face {@code BertForSequenceClassification} name. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** A host copy of the trainable tensors with this model's settings and labels. */
    public AdapterState exportAdapter() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        trainable.forEach((name, parameter) -> tensors.put(name, FloatTensor.of(parameter.getArray())));
        return new AdapterState(settings, labels, tensors);
    }

    /**
     * Replaces the trainable tensors with an adapter's.
     *
     * @throws IllegalArgumentException if its settings or labels differ from this model's, or a tensor is
     *     missing, unexpected or mis-shaped (the message names it)
     * @throws IllegalStateException while merged
     */
    public void importAdapter(AdapterState adapter) {
        if (merged) {
            throw new IllegalStateException("merged for inference: unmerge() before importing an adapter");
        }
        requireCompatible(adapter);
        for (String name : adapter.tensors().keySet()) {
            if (!trainable.containsKey(name)) {
                throw new IllegalArgumentException("adapter tensor '" + name + "' is not a trainable parameter of this model");
            }
        }
        Map<String, Shape> shapes = block.namedShapes("");
        for (Map.Entry<String, Parameter> entry : trainable.entrySet()) {
            FloatTensor tensor = adapter.tensors().get(entry.getKey());
            if (tensor == null) {
                throw new IllegalArgumentException("adapter tensor '" + entry.getKey() + "' is missing");
            }
            long[] expected = shapes.get(entry.getKey()).getShape();
            if (!tensor.hasShape(expected)) {
                throw new IllegalArgumentException("adapter tensor '" + entry.getKey() + "' has shape "
                        + Arrays.toString(tensor.shape()) + ", expected " + Arrays.toString(expected));
            }
        }
        trainable.forEach((name, parameter) -> {
            // an in-place write to a leaf that records gradients is refused by autograd: unfreeze after
            parameter.freeze(true);
            parameter.getArray().set(adapter.tensors().get(name).values());
            parameter.freeze(false);
        });
    }

    /** Folds every LoRA update into its base weight, for faster inference; training is refused until {@link #unmerge()}. */
    public void merge() {
        loraLayers.forEach(LoraLinear::merge);
        merged = true;
    }

    /** Restores the exact base weights from before {@link #merge()}. */
    public void unmerge() {
        loraLayers.forEach(LoraLinear::unmerge);
        merged = false;
    }

    public boolean isMerged() {
        return merged;
    }

    /** The DJL block, for a DJL {@code Model}/{@code Trainer}; its parameters are already set. */
    public SequenceClassifierBlock block() {
        return block;
    }

    /** Owns every parameter; make per-batch sub-managers from it. */
    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    public BertModelDir baseModel() {
        return baseModel;
    }

    public BertConfig config() {
        return baseModel.config();
    }

    public LoraSettings settings() {
        return settings;
    }

    /** Label names; index = class id = logits column. */
    public List<String> labels() {
        return labels;
    }

    @Override
    public void close() {
        manager.close();
    }

    private NDList onDevice(NDList inputs) {
        Device device = manager.getDevice();
        boolean moved = false;
        NDList out = new NDList(inputs.size());
        for (NDArray array : inputs) {
            moved |= !array.getDevice().equals(device);
            out.add(array.getDevice().equals(device) ? array : array.toDevice(device, false));
        }
        return moved ? out : inputs;
    }

    private void requireCompatible(AdapterState adapter) {
        if (!settings.isCompatibleWith(adapter.settings())) {
            throw new IllegalArgumentException("adapter settings " + adapter.settings() + " differ from the model's " + settings);
        }
        if (!adapter.labels().equals(labels)) {
            throw new IllegalArgumentException("adapter labels " + adapter.labels() + " differ from the model's " + labels);
        }
    }

    private static Map<String, Parameter> selectTrainable(Map<String, Parameter> all, LoraSettings settings) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        all.forEach((name, parameter) -> {
            boolean lora = name.endsWith(LORA_A) || name.endsWith(LORA_B);
            boolean head = name.startsWith(SequenceClassifierBlock.CLASSIFIER + ".")
                    || (settings.trainsPooler() && name.startsWith(LoraTargets.POOLER + "."));
            if (lora || head) {
                out.put(name, parameter);
            }
        });
        return out;
    }

    private void initializeTrainable(BertConfig config, Random random) {
        Map<String, Shape> shapes = block.namedShapes("");
        trainable.forEach((name, parameter) -> {
            if (parameter.isInitialized()) {
                return; // the pooler, loaded with the base weights
            }
            Shape shape = shapes.get(name);
            float[] values = new float[Math.toIntExact(shape.size())];
            if (name.endsWith(LORA_A)) {
                // PEFT: kaiming_uniform_(A, a=sqrt(5)), whose bound is 1/sqrt(fan_in)
                double bound = 1 / Math.sqrt(shape.get(1));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            } else if (name.equals(SequenceClassifierBlock.CLASSIFIER + ".weight")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * config.initializerRange());
                }
            } // lora_B and the classifier bias start at zero
            parameter.setArray(manager.create(values, shape));
        });
    }

    /** Options for {@link LoraBertClassifier}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {
        private BertModelDir baseModel;
        private List<String> labels;
        private LoraSettings settings;
        private AdapterState adapter;
        private Device device;
        private long seed = 42;

        private Builder() {}

        /** The base model directory (config.json, model.safetensors, tokenizer.json). */
        public Builder setBaseModel(BertModelDir baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        /** Opens the base model directory at {@code dir}. */
        public Builder setBaseModel(Path dir) throws IOException {
            return setBaseModel(BertModelDir.open(dir));
        }

        /** Label names; index = class id. Optional with {@link #optAdapter}, which brings its own. */
        public Builder setLabels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /** LoRA settings; default {@link LoraSettings#defaults()}, or the adapter's with {@link #optAdapter}. */
        public Builder optSettings(LoraSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Starts from a trained adapter (warm start or inference) instead of fresh LoRA and head weights. */
        public Builder optAdapter(AdapterState adapter) {
            this.adapter = adapter;
            return this;
        }

        /** Device for every parameter; default {@code Engine.getInstance().defaultDevice()} (a GPU if DJL sees one). */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** Seed for the fresh LoRA A and classifier weights; default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Loads the base weights and builds the model. */
        public LoraBertClassifier build() throws IOException {
            Objects.requireNonNull(baseModel, "setBaseModel is required");
            if (adapter != null) {
                if (labels != null && !labels.equals(adapter.labels())) {
                    throw new IllegalArgumentException("labels " + labels + " differ from the adapter's " + adapter.labels());
                }
                if (settings != null && !settings.isCompatibleWith(adapter.settings())) {
                    throw new IllegalArgumentException("settings " + settings + " differ from the adapter's " + adapter.settings());
                }
                labels = adapter.labels();
                settings = settings != null ? settings : adapter.settings();
            }
            if (labels == null || labels.isEmpty()) {
                throw new IllegalArgumentException("setLabels is required: at least one label");
            }
            if (Set.copyOf(labels).size() != labels.size()) {
                throw new IllegalArgumentException("labels must be distinct: " + labels);
            }
            settings = settings != null ? settings : LoraSettings.defaults();
            device = device != null ? device : Engine.getInstance().defaultDevice();
            return new LoraBertClassifier(this);
        }
    }
}
