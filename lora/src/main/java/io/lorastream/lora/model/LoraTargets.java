package io.lorastream.lora.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/** Finds the linear layers {@code target_modules} selects, by PEFT's rule, and gives them a LoRA branch. */
final class LoraTargets {

    /** Module name of the pooler's dense layer inside the classifier. */
    static final String POOLER = SequenceClassifierBlock.ENCODER + ".pooler";

    private LoraTargets() {}

    /**
     * Adds LoRA to every targeted linear layer of {@code block}.
     *
     * @return the adapted layers, in module order
     * @throws IllegalArgumentException if a target matches nothing, or matches the classifier or a pooler
     *     that is also a module to save (PEFT cannot do both to one module either)
     */
    static List<LoraLinear> apply(SequenceClassifierBlock block, LoraSettings settings) {
        Map<String, LoraLinear> targeted = new LinkedHashMap<>();
        block.visitModules("", (name, module) -> {
            if (module instanceof LoraLinear linear && settings.targets(name)) {
                if (name.equals(SequenceClassifierBlock.CLASSIFIER)
                        || (settings.trainsPooler() && name.startsWith(POOLER + "."))) {
                    throw new IllegalArgumentException(
                            "target_modules " + settings.targetModules() + " select '" + name + "', which is a module to save");
                }
                targeted.put(name, linear);
            }
        });
        for (String target : settings.targetModules()) {
            if (targeted.keySet().stream().noneMatch(name -> name.equals(target) || name.endsWith("." + target))) {
                throw new IllegalArgumentException("target module '" + target + "' matches no linear layer of the model");
            }
        }
        List<LoraLinear> layers = new ArrayList<>(targeted.values());
        layers.forEach(linear -> linear.addLora(settings.r(), settings.scaling(), settings.dropout()));
        return layers;
    }
}
