package io.lorastream.lora.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.lorastream.lora.hf.BertConfig;

/** HF's {@code BertEmbeddings}: LayerNorm(word + token type + absolute position embeddings), then dropout. */
public final class BertEmbeddings extends HfBlock {

    private final BertConfig config;
    private final Parameter wordEmbeddings;
    private final Parameter positionEmbeddings;
    private final Parameter tokenTypeEmbeddings;
    private final HfLayerNorm layerNorm;

    BertEmbeddings(BertConfig config) {
        this.config = config;
        long hidden = config.hiddenSize();
        wordEmbeddings = hfParameter("word_embeddings.weight", Parameter.Type.WEIGHT, new Shape(config.vocabSize(), hidden));
        positionEmbeddings = hfParameter(
                "position_embeddings.weight", Parameter.Type.WEIGHT, new Shape(config.maxPositionEmbeddings(), hidden));
        tokenTypeEmbeddings =
                hfParameter("token_type_embeddings.weight", Parameter.Type.WEIGHT, new Shape(config.typeVocabSize(), hidden));
        layerNorm = hfChild("LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
    }

    /** Embeds int64 {@code inputIds} and {@code tokenTypeIds} of shape {@code [batch, seq]} into {@code [batch, seq, hidden]}. */
    NDArray apply(ParameterStore store, NDArray inputIds, NDArray tokenTypeIds, boolean training) {
        long seq = inputIds.getShape().get(1);
        if (seq > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException(
                    "sequence of " + seq + " tokens exceeds max_position_embeddings " + config.maxPositionEmbeddings());
        }
        NDArray positions = inputIds.getManager().arange(0, seq, 1, DataType.INT64, inputIds.getDevice());
        NDArray words = lookup(store, wordEmbeddings, inputIds, training);
        NDArray types = lookup(store, tokenTypeEmbeddings, tokenTypeIds, training);
        // HF adds in this order: (words + token types) + positions
        NDArray sum = words.add(types).add(lookup(store, positionEmbeddings, positions, training));
        NDArray normed = layerNorm.apply(store, sum, training);
        return dropout(normed, config.hiddenDropoutProb(), training);
    }

    private static NDArray lookup(ParameterStore store, Parameter table, NDArray ids, boolean training) {
        return Embedding.embedding(ids, value(store, table, ids, training), SparseFormat.DENSE).singletonOrThrow();
    }

    static NDArray dropout(NDArray x, double rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, (float) rate, true).singletonOrThrow() : x;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }
}
