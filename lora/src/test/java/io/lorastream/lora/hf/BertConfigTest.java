package io.lorastream.lora.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsHuggingFaceConfigWithLabels() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["BertForSequenceClassification"], "model_type": "bert",
                 "vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12,
                 "intermediate_size": 1536, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
                 "attention_probs_dropout_prob": 0.1, "max_position_embeddings": 512, "type_vocab_size": 2,
                 "initializer_range": 0.02, "layer_norm_eps": 1e-12, "classifier_dropout": null,
                 "id2label": {"1": "spam", "0": "ham"}, "label2id": {"ham": 0, "spam": 1},
                 "position_embedding_type": "absolute", "transformers_version": "4.44.0"}
                """);
        BertConfig config = BertConfig.read(file);
        assertThat(config.labels()).containsExactly("ham", "spam");
        assertThat(config.headSize()).isEqualTo(32);
        assertThat(config.effectiveClassifierDropout()).isEqualTo(0.1);

        config.write(dir.resolve("out.json"));
        assertThat(BertConfig.read(dir.resolve("out.json"))).isEqualTo(config);
    }

    @Test
    void bareNumLabelsGetsTransformersDefaultNames() throws IOException {
        Path file = Files.writeString(dir.resolve("num_labels.json"), """
                {"vocab_size": 10, "hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 4,
                 "intermediate_size": 8, "max_position_embeddings": 8, "num_labels": 3}
                """);
        assertThat(BertConfig.read(file).labels()).containsExactly("LABEL_0", "LABEL_1", "LABEL_2");
    }

    @Test
    void errorsNameTheField() throws IOException {
        Path missing = Files.writeString(dir.resolve("missing.json"), "{\"vocab_size\": 10}");
        assertThatThrownBy(() -> BertConfig.read(missing)).hasMessageContaining("'hidden_size'");
        Path badHeads = Files.writeString(dir.resolve("heads.json"), """
                {"vocab_size": 10, "hidden_size": 30, "num_hidden_layers": 1, "num_attention_heads": 4,
                 "intermediate_size": 8, "max_position_embeddings": 8}
                """);
        assertThatThrownBy(() -> BertConfig.read(badHeads)).hasMessageContaining("num_attention_heads");
        Path relative = Files.writeString(dir.resolve("relative.json"), """
                {"vocab_size": 10, "hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 4,
                 "intermediate_size": 8, "max_position_embeddings": 8, "position_embedding_type": "relative_key"}
                """);
        assertThatThrownBy(() -> BertConfig.read(relative)).hasMessageContaining("relative_key");
        assertThatThrownBy(() -> new BertConfig(10, 32, 1, 4, 8, "swish", 0, 0, 8, 2, 0.02, 1e-12, null, List.of()))
                .hasMessageContaining("hidden_act 'swish'");
    }
}
