package io.lorastream.lora.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.hf.BertTokenizer;
import io.lorastream.lora.model.AdapterState;
import io.lorastream.lora.model.LoraBertClassifier;
import io.lorastream.lora.train.DeviceSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Predicts labels and probabilities for texts with a base model plus an adapter, in batches of
 * similar length. The LoRA update is merged into the base weights at load time, so inference costs
 * the same as the base model. Safe for concurrent {@link #predict} calls; close it to free the model.
 *
 * <pre>{@code
 * try (TextClassifier classifier = TextClassifier.builder()
 *         .setBaseModel(BertModelDir.open(dir))
 *         .optAdapter(PeftAdapterReader.read(adapterDir).state())
 *         .build()) {
 *     List<Prediction> predictions = classifier.predict(texts);
 * }
 * }</pre>
 */
public final class TextClassifier implements AutoCloseable {

    private final LoraBertClassifier model;
    private final BertTokenizer tokenizer;
    private final int batchSize;

    private TextClassifier(LoraBertClassifier model, BertTokenizer tokenizer, int batchSize) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Label names, index = class index of a {@link Prediction}. */
    public List<String> labels() {
        return model.labels();
    }

    /** Whether the LoRA update is folded into the base weights. */
    public boolean isMerged() {
        return model.isMerged();
    }

    /** The prediction for one text. */
    public Prediction predict(String text) {
        return predict(List.of(text)).get(0);
    }

    /** Predictions for {@code texts}, in the same order. */
    public List<Prediction> predict(List<String> texts) {
        int n = texts.size();
        Prediction[] out = new Prediction[n];
        // Character length orders texts nearly as token length does, without tokenizing twice.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        int numLabels = model.labels().size();
        try (NoGradScope noGrad = NoGradScope.open()) {
            for (int start = 0; start < n; start += batchSize) {
                int size = Math.min(batchSize, n - start);
                List<String> batch = new ArrayList<>(size);
                for (int j = 0; j < size; j++) {
                    batch.add(texts.get(order[start + j]));
                }
                float[] logits;
                try (NDManager batchManager = model.manager().newSubManager()) {
                    NDArray result = model.logits(tokenizer.encode(batch), batchManager, false);
                    logits = result.toFloatArray();
                }
                for (int j = 0; j < size; j++) {
                    out[order[start + j]] = toPrediction(logits, j * numLabels, numLabels);
                }
            }
        }
        return List.of(out);
    }

    private Prediction toPrediction(float[] logits, int offset, int numLabels) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < numLabels; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        double[] p = new double[numLabels];
        double sum = 0;
        for (int c = 0; c < numLabels; c++) {
            p[c] = Math.exp(logits[offset + c] - max);
            sum += p[c];
        }
        int best = 0;
        for (int c = 0; c < numLabels; c++) {
            p[c] /= sum;
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return new Prediction(model.labels().get(best), best, p);
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            tokenizer.close();
        }
    }

    /** Options for {@link TextClassifier}: {@code set*} required, {@code opt*} optional with the stated default. */
    public static final class Builder {
        private BertModelDir baseModel;
        private AdapterState adapter;
        private List<String> labels;
        private int maxLength = 128;
        private int batchSize = 32;
        private String device = "auto";
        private boolean merge = true;
        private long seed = 42;
        private DeviceSelector deviceSelector = new DeviceSelector();

        private Builder() {
        }

        /** The base model directory. Required. */
        public Builder setBaseModel(BertModelDir baseModel) {
            this.baseModel = baseModel;
            return this;
        }

        /** The trained adapter, which brings its labels. Without one, {@link #setLabels} is required. */
        public Builder optAdapter(AdapterState adapter) {
            this.adapter = adapter;
            return this;
        }

        /**
         * Labels of an untrained head (fresh LoRA and classifier weights from {@link #optSeed}): the
         * baseline an adapter is compared with. Ignored when an adapter is given.
         */
        public Builder setLabels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /** Longest token sequence; longer texts are truncated; default 128. */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Texts per forward pass; default 32. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** {@code auto} (default), {@code cpu}, {@code gpu} or {@code gpu:N}. */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** Fold the LoRA update into the base weights; default true. */
        public Builder optMerge(boolean merge) {
            this.merge = merge;
            return this;
        }

        /** Seed of an untrained head's weights; default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How device settings resolve; default asks the DJL engine. */
        public Builder optDeviceSelector(DeviceSelector deviceSelector) {
            this.deviceSelector = Objects.requireNonNull(deviceSelector);
            return this;
        }

        /**
         * Loads the model and tokenizer.
         *
         * @throws IllegalArgumentException when neither an adapter nor labels are given, or a setting is invalid
         */
        public TextClassifier build() throws IOException {
            Objects.requireNonNull(baseModel, "setBaseModel is required");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
            }
            LoraBertClassifier.Builder b = LoraBertClassifier.builder()
                    .setBaseModel(baseModel)
                    .optDevice(deviceSelector.select(device))
                    .optSeed(seed);
            if (adapter != null) {
                b.optAdapter(adapter);
            } else if (labels != null) {
                b.setLabels(labels);
            } else {
                throw new IllegalArgumentException("optAdapter or setLabels is required");
            }
            LoraBertClassifier model = b.build();
            try {
                BertTokenizer tokenizer = BertTokenizer.load(baseModel, maxLength);
                if (merge) {
                    model.merge();
                }
                return new TextClassifier(model, tokenizer, batchSize);
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }
}
