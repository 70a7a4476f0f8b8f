package io.lorastream.lora.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of a Hugging Face {@code BertConfig} ({@code config.json}) that the encoder needs.
 *
 * @param vocabSize rows of the word embedding
 * @param hiddenSize width of every hidden state
 * @param numHiddenLayers number of transformer layers
 * @param numAttentionHeads heads per self-attention; must divide {@code hiddenSize}
 * @param intermediateSize width of the feed-forward layer
 * @param hiddenAct feed-forward activation: {@code gelu} (erf), {@code gelu_new}/{@code gelu_pytorch_tanh}
 *     (tanh approximation) or {@code relu}
 * @param hiddenDropoutProb dropout after embeddings and each sub-layer, in training only
 * @param attentionProbsDropoutProb dropout on attention probabilities, in training only
 * @param maxPositionEmbeddings rows of the position embedding: the longest input the model takes
 * @param typeVocabSize rows of the token type embedding
 * @param initializerRange standard deviation for new linear weights (the classifier)
 * @param layerNormEps epsilon of every LayerNorm
 * @param classifierDropout dropout before the classifier; {@code null} means {@code hiddenDropoutProb}
 * @param labels label names by id, from {@code id2label} (or {@code LABEL_i} for a bare {@code num_labels});
 *     empty when the config has neither
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        String hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        double initializerRange,
        double layerNormEps,
        Double classifierDropout,
        List<String> labels) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> ACTIVATIONS = List.of("gelu", "gelu_new", "gelu_pytorch_tanh", "relu");

    public BertConfig {
        labels = List.copyOf(labels);
        requirePositive("vocab_size", vocabSize);
        requirePositive("hidden_size", hiddenSize);
        requirePositive("num_hidden_layers", numHiddenLayers);
        requirePositive("num_attention_heads", numAttentionHeads);
        requirePositive("intermediate_size", intermediateSize);
        requirePositive("max_position_embeddings", maxPositionEmbeddings);
        requirePositive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numAttentionHeads);
        }
        if (!ACTIVATIONS.contains(hiddenAct)) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not one of " + ACTIVATIONS);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be positive, got " + layerNormEps);
        }
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** The dropout HF's {@code BertForSequenceClassification} applies before the classifier. */
    public double effectiveClassifierDropout() {
        return classifierDropout != null ? classifierDropout : hiddenDropoutProb;
    }

    /** A copy with other label names (e.g. for a classifier config). */
    public BertConfig withLabels(List<String> newLabels) {
        return new BertConfig(
                vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize,
                initializerRange, layerNormEps, classifierDropout, newLabels);
    }

    /**
     * Reads {@code config.json}; fields missing from it take {@code BertConfig}'s defaults except the
     * sizes, which are required.
     *
     * @throws IOException if the file is unreadable, or (as {@link IllegalArgumentException} cause) a field is
     *     missing or invalid; the message names the field
     */
    public static BertConfig read(Path configJson) throws IOException {
        JsonNode root = JSON.readTree(configJson.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(configJson + ": not a JSON object");
        }
        String positions = text(root, "position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw new IOException(configJson + ": position_embedding_type '" + positions + "' is not supported (only absolute)");
        }
        try {
            JsonNode classifierDropout = root.get("classifier_dropout");
            return new BertConfig(
                    requiredInt(root, "vocab_size"),
                    requiredInt(root, "hidden_size"),
                    requiredInt(root, "num_hidden_layers"),
                    requiredInt(root, "num_attention_heads"),
                    requiredInt(root, "intermediate_size"),
                    text(root, "hidden_act", "gelu"),
                    number(root, "hidden_dropout_prob", 0.1),
                    number(root, "attention_probs_dropout_prob", 0.1),
                    requiredInt(root, "max_position_embeddings"),
                    (int) number(root, "type_vocab_size", 2),
                    number(root, "initializer_range", 0.02),
                    number(root, "layer_norm_eps", 1e-12),
                    classifierDropout == null || classifierDropout.isNull() ? null : classifierDropout.asDouble(),
                    labels(root));
        } catch (IllegalArgumentException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        }
    }

    /** Writes a {@code config.json} that Hugging Face transformers loads as a {@code BertModel}. */
    public void write(Path configJson) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add(labels.isEmpty() ? "BertModel" : "BertForSequenceClassification");
        root.put("model_type", "bert");
        root.put("vocab_size", vocabSize);
        root.put("hidden_size", hiddenSize);
        root.put("num_hidden_layers", numHiddenLayers);
        root.put("num_attention_heads", numAttentionHeads);
        root.put("intermediate_size", intermediateSize);
        root.put("hidden_act", hiddenAct);
        root.put("hidden_dropout_prob", hiddenDropoutProb);
        root.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        root.put("max_position_embeddings", maxPositionEmbeddings);
        root.put("type_vocab_size", typeVocabSize);
        root.put("initializer_range", initializerRange);
        root.put("layer_norm_eps", layerNormEps);
        root.put("pad_token_id", 0);
        root.put("position_embedding_type", "absolute");
        if (classifierDropout == null) {
            root.putNull("classifier_dropout");
        } else {
            root.put("classifier_dropout", classifierDropout);
        }
        if (!labels.isEmpty()) {
            ObjectNode id2label = root.putObject("id2label");
            ObjectNode label2id = root.putObject("label2id");
            for (int i = 0; i < labels.size(); i++) {
                id2label.put(Integer.toString(i), labels.get(i));
                label2id.put(labels.get(i), i);
            }
        }
        Files.createDirectories(configJson.toAbsolutePath().getParent());
        JSON.writeValue(configJson.toFile(), root);
    }

    private static List<String> labels(JsonNode root) {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            JsonNode numLabels = root.get("num_labels");
            List<String> unnamed = new ArrayList<>();
            for (int i = 0; numLabels != null && i < numLabels.asInt(); i++) {
                unnamed.add("LABEL_" + i); // transformers' names for labels it has no names for
            }
            return unnamed;
        }
        Map<Integer, String> byId = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = id2label.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            try {
                byId.put(Integer.parseInt(entry.getKey()), entry.getValue().asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("id2label key '" + entry.getKey() + "' is not an integer");
            }
        }
        List<String> labels = new ArrayList<>(byId.values());
        int expectedId = 0;
        for (int id : byId.keySet()) {
            if (id != expectedId++) {
                throw new IllegalArgumentException("id2label ids are not 0.." + (byId.size() - 1));
            }
        }
        return labels;
    }

    private static int requiredInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw new IllegalArgumentException("required integer field '" + field + "' is missing or not an integer");
        }
        return node.asInt();
    }

    private static double number(JsonNode root, String field, double fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' is not a number");
        }
        return node.asDouble();
    }

    private static String text(JsonNode root, String field, String fallback) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? fallback : node.asText();
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
