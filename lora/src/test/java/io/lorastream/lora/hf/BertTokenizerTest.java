package io.lorastream.lora.hf;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.lorastream.lora.testing.TinyBert;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class BertTokenizerTest {

    @Test
    void padsToTheLongestTextAndTruncatesToTheLimit() throws IOException {
        try (BertTokenizer tokenizer = BertTokenizer.load(TinyBert.model(), 16)) {
            TokenizedBatch shortBatch = tokenizer.encode(List.of("hello world", "hi"));
            // [CLS] hello world [SEP] = 4, despite the tokenizer.json's own fixed padding to 128
            assertThat(shortBatch.sequenceLength()).isEqualTo(4);
            assertThat(shortBatch.inputIds()).containsExactly(101, 7592, 2088, 102, 101, 7632, 102, 0);
            assertThat(shortBatch.attentionMask()).containsExactly(1, 1, 1, 1, 1, 1, 1, 0);
            assertThat(shortBatch.tokenTypeIds()).containsOnly(0);
            assertThat(shortBatch.length(1)).isEqualTo(3);

            TokenizedBatch longBatch = tokenizer.encode(List.of("word ".repeat(100)));
            assertThat(longBatch.sequenceLength()).isEqualTo(16);
            assertThat(longBatch.inputIds()[15]).as("[SEP] kept at the end").isEqualTo(102);
        }
    }

    @Test
    void batchBecomesInt64Arrays() throws IOException {
        try (BertTokenizer tokenizer = BertTokenizer.load(TinyBert.model(), 512);
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(tokenizer.maxLength()).as("capped at max_position_embeddings").isEqualTo(128);
            NDList arrays = tokenizer.encode(List.of("a", "b c d")).toNDList(manager);
            assertThat(arrays).hasSize(3);
            assertThat(arrays.get(0).getShape()).isEqualTo(new Shape(2, 5));
            assertThat(arrays.get(0).getDataType()).isEqualTo(DataType.INT64);
        }
    }
}
