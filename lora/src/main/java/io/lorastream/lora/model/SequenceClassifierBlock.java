package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.lorastream.lora.hf.BertConfig;

/**
 * HF's {@code BertForSequenceClassification}: {@code classifier(dropout(bert.pooler_output))}.
 *
 * <p>Input as {@link BertModelBlock}; output: the logits {@code [batch, num_labels]}. Module names are
 * {@code bert.*} and {@code classifier}, exactly those PEFT prefixes with {@code base_model.model.}.
 */
public final class SequenceClassifierBlock extends HfBlock {

    /** Module name of the encoder inside the classifier. */
    public static final String ENCODER = "bert";
    /** Module name of the classification layer. */
    public static final String CLASSIFIER = "classifier";

    private final BertConfig config;
    private final BertModelBlock bert;
    private final LoraLinear classifier;
    private final int numLabels;

    public SequenceClassifierBlock(BertConfig config, int numLabels) {
        if (numLabels < 1) {
            throw new IllegalArgumentException("a classifier needs at least one label, got " + numLabels);
        }
        this.config = config;
        this.numLabels = numLabels;
        this.bert = hfChild(ENCODER, new BertModelBlock(config));
        this.classifier = hfChild(CLASSIFIER, new LoraLinear(config.hiddenSize(), numLabels));
    }

    public BertModelBlock bert() {
        return bert;
    }

    public int numLabels() {
        return numLabels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokenTypes = inputs.size() > 2 ? inputs.get(2) : null;
        NDArray hidden = bert.encode(store, inputs.get(0), inputs.get(1), tokenTypes, training);
        NDArray pooled = bert.pool(store, hidden, training);
        NDArray dropped = BertEmbeddings.dropout(pooled, config.effectiveClassifierDropout(), training);
        return new NDList(classifier.apply(store, dropped, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numLabels)};
    }
}
