package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.lorastream.lora.hf.BertConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * HF's {@code BertModel}: embeddings, {@code num_hidden_layers} {@link BertLayer}s and the pooler
 * ({@code tanh(dense(hidden[:, 0]))}).
 *
 * <p>Input: {@code input_ids}, {@code attention_mask} and optionally {@code token_type_ids}, each int64
 * {@code [batch, seq]}. Output: {@code last_hidden_state} {@code [batch, seq, hidden]} and
 * {@code pooler_output} {@code [batch, hidden]}.
 */
public final class BertModelBlock extends HfBlock {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final List<BertLayer> layers = new ArrayList<>();
    private final LoraLinear pooler;

    public BertModelBlock(BertConfig config) {
        this.config = config;
        embeddings = hfChild("embeddings", new BertEmbeddings(config));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(hfChild("encoder.layer." + i, new BertLayer(config)));
        }
        pooler = hfChild("pooler.dense", new LoraLinear(config.hiddenSize(), config.hiddenSize()));
    }

    public BertConfig config() {
        return config;
    }

    public List<BertLayer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The last hidden state {@code [batch, seq, hidden]}. */
    NDArray encode(ParameterStore store, NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds, boolean training) {
        NDArray ids = asInt64(inputIds);
        NDArray types = tokenTypeIds == null ? ids.zerosLike() : asInt64(tokenTypeIds);
        NDArray hidden = embeddings.apply(store, ids, types, training);
        NDArray maskBias = maskBias(attentionMask);
        for (BertLayer layer : layers) {
            hidden = layer.apply(store, hidden, maskBias, training);
        }
        return hidden;
    }

    /** {@code tanh(dense(hidden[:, 0]))}: the [CLS] token's state through the pooler. */
    NDArray pool(ParameterStore store, NDArray lastHiddenState, boolean training) {
        NDArray cls = lastHiddenState.get(":, 0, :");
        return pooler.apply(store, cls, training).tanh();
    }

    /** HF's extended mask: {@code (1 - mask) · finfo(float32).min}, broadcast over heads and queries. */
    private static NDArray maskBias(NDArray attentionMask) {
        Shape shape = attentionMask.getShape();
        return attentionMask
                .toType(DataType.FLOAT32, false)
                .neg()
                .add(1f)
                .mul(-Float.MAX_VALUE)
                .reshape(shape.get(0), 1, 1, shape.get(1));
    }

    private static NDArray asInt64(NDArray ids) {
        return ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokenTypes = inputs.size() > 2 ? inputs.get(2) : null;
        NDArray hidden = encode(store, inputs.get(0), inputs.get(1), tokenTypes, training);
        return new NDList(hidden, pool(store, hidden, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {ids.add(config.hiddenSize()), new Shape(ids.get(0), config.hiddenSize())};
    }
}
