package io.lorastream.lora.model;

import io.lorastream.lora.safetensors.FloatTensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a trained adapter adds to a base model: its LoRA settings, its label names, and its tensors
 * (LoRA A/B of every targeted layer plus the modules to save) under {@code BertForSequenceClassification}
 * names, e.g. {@code bert.encoder.layer.0.attention.self.query.lora_A.weight} or {@code classifier.weight}.
 * PEFT's file keys are these names with {@code base_model.model.} in front.
 *
 * @param settings the LoRA settings the tensors were made with
 * @param labels label names, index = class id
 * @param tensors tensors by name, in a stable order
 */
public record AdapterState(LoraSettings settings, List<String> labels, Map<String, FloatTensor> tensors) {

    public AdapterState {
        labels = List.copyOf(labels);
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
