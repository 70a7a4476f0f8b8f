package io.lorastream.lora.hf;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns batches of texts into {@link TokenizedBatch}es with a Hugging Face {@code tokenizer.json}: special
 * tokens added, each text truncated to {@code maxLength} tokens, the batch padded to its longest text.
 *
 * <p>Padding to the longest text in the batch rather than to {@code maxLength} keeps short batches cheap.
 * Holds a native tokenizer: close it.
 */
public final class BertTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private BertTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Loads {@code tokenizer.json}, overriding whatever padding and truncation it declares.
     *
     * @param tokenizerJson the {@code tokenizer.json} file
     * @param maxLength longest sequence in tokens, special tokens included
     */
    public static BertTokenizer load(Path tokenizerJson, int maxLength) throws IOException {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP], got " + maxLength);
        }
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(true)
                .optTruncation(true)
                .optMaxLength(maxLength)
                .optPadding(true)
                .build();
        return new BertTokenizer(tokenizer, maxLength);
    }

    /** The tokenizer of a model directory, limited to its {@code max_position_embeddings} (and to {@code maxLength}). */
    public static BertTokenizer load(BertModelDir model, int maxLength) throws IOException {
        return load(model.tokenizerFile(), Math.min(maxLength, model.config().maxPositionEmbeddings()));
    }

    /** Longest sequence this tokenizer produces. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Tokenizes single-segment texts.
     *
     * @throws IllegalArgumentException if {@code texts} is empty
     */
    public TokenizedBatch encode(List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("cannot tokenize an empty batch");
        }
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int length = 0;
        for (Encoding e : encodings) {
            length = Math.max(length, e.getIds().length);
        }
        int batch = encodings.length;
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int row = 0; row < batch; row++) {
            Encoding e = encodings[row];
            // the native tokenizer already pads to the longest; copying by row keeps us correct if it did not
            System.arraycopy(e.getIds(), 0, ids, row * length, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, row * length, e.getAttentionMask().length);
            System.arraycopy(e.getTypeIds(), 0, types, row * length, e.getTypeIds().length);
        }
        return new TokenizedBatch(batch, length, ids, mask, types);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
