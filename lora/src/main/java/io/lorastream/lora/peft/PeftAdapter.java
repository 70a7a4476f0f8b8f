package io.lorastream.lora.peft;

import io.lorastream.lora.model.AdapterState;

/**
 * An adapter as stored in a PEFT directory.
 *
 * @param state settings, labels and tensors
 * @param baseModelNameOrPath {@code base_model_name_or_path}: the base model it was trained on
 */
public record PeftAdapter(AdapterState state, String baseModelNameOrPath) {}
