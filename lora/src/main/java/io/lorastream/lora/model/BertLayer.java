package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.lorastream.lora.hf.BertConfig;

/**
 * One HF {@code BertLayer}: multi-head self-attention with residual and LayerNorm, then the feed-forward
 * block with residual and LayerNorm (post-norm), module names as in {@code transformers}.
 */
public final class BertLayer extends HfBlock {

    private final BertConfig config;
    private final HiddenActivation activation;
    private final LoraLinear query;
    private final LoraLinear key;
    private final LoraLinear value;
    private final LoraLinear attentionOutput;
    private final HfLayerNorm attentionNorm;
    private final LoraLinear intermediate;
    private final LoraLinear output;
    private final HfLayerNorm outputNorm;

    BertLayer(BertConfig config) {
        this.config = config;
        this.activation = HiddenActivation.of(config.hiddenAct());
        long hidden = config.hiddenSize();
        query = hfChild("attention.self.query", new LoraLinear(hidden, hidden));
        key = hfChild("attention.self.key", new LoraLinear(hidden, hidden));
        value = hfChild("attention.self.value", new LoraLinear(hidden, hidden));
        attentionOutput = hfChild("attention.output.dense", new LoraLinear(hidden, hidden));
        attentionNorm = hfChild("attention.output.LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
        intermediate = hfChild("intermediate.dense", new LoraLinear(hidden, config.intermediateSize()));
        output = hfChild("output.dense", new LoraLinear(config.intermediateSize(), hidden));
        outputNorm = hfChild("output.LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
    }

    /**
     * @param hidden {@code [batch, seq, hidden]}
     * @param maskBias additive attention mask {@code [batch, 1, 1, seq]}: 0 for tokens, the float minimum for padding
     */
    NDArray apply(ParameterStore store, NDArray hidden, NDArray maskBias, boolean training) {
        long batch = hidden.getShape().get(0);
        long seq = hidden.getShape().get(1);
        NDArray q = heads(query.apply(store, hidden, training), batch, seq);
        NDArray k = heads(key.apply(store, hidden, training), batch, seq);
        NDArray v = heads(value.apply(store, hidden, training), batch, seq);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Scalars.like(q, Math.sqrt(config.headSize()))).add(maskBias);
        NDArray probabilities = BertEmbeddings.dropout(scores.softmax(-1), config.attentionProbsDropoutProb(), training);
        NDArray context = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seq, config.hiddenSize());

        NDArray attended = BertEmbeddings.dropout(attentionOutput.apply(store, context, training), config.hiddenDropoutProb(), training);
        NDArray attention = attentionNorm.apply(store, attended.add(hidden), training);

        NDArray expanded = activation.apply(intermediate.apply(store, attention, training));
        NDArray projected = BertEmbeddings.dropout(output.apply(store, expanded, training), config.hiddenDropoutProb(), training);
        return outputNorm.apply(store, projected.add(attention), training);
    }

    /** {@code [batch, seq, hidden]} to {@code [batch, heads, seq, headSize]}. */
    private NDArray heads(NDArray x, long batch, long seq) {
        return x.reshape(batch, seq, config.numAttentionHeads(), config.headSize()).transpose(0, 2, 1, 3);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
