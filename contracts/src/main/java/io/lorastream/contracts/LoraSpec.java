package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * LoRA settings of a task, in PEFT's terms.
 *
 * @param r rank of the update matrices
 * @param alpha scaling numerator ({@code lora_alpha}); the update is scaled by alpha/r, or alpha/√r with rsLoRA
 * @param dropout dropout on the LoRA input during training ({@code lora_dropout})
 * @param targetModules linear layers that get LoRA, matched by name suffix as PEFT does
 * @param useRslora rank-stabilised scaling alpha/√r instead of alpha/r
 */
public record LoraSpec(int r, double alpha, double dropout, List<String> targetModules, boolean useRslora) {

    /** The defaults: r=8, alpha=16, dropout 0.1 on query and value, plain scaling. */
    public static final LoraSpec DEFAULT = new LoraSpec(8, 16.0, 0.1, List.of("query", "value"), false);

    public LoraSpec {
        Require.between(r, 1, 256, "lora.r");
        Require.positive(alpha, "lora.alpha");
        Require.between(dropout, 0.0, 0.9, "lora.dropout");
        targetModules = List.copyOf(Require.notEmpty(targetModules, "lora.targetModules"));
        for (String module : targetModules) {
            Require.notBlank(module, "lora.targetModules[]");
        }
    }

    @JsonCreator
    static LoraSpec fromJson(@JsonProperty("r") Integer r,
                             @JsonProperty("alpha") Double alpha,
                             @JsonProperty("dropout") Double dropout,
                             @JsonProperty("targetModules") List<String> targetModules,
                             @JsonProperty("useRslora") Boolean useRslora) {
        return new LoraSpec(
                Require.orDefault(r, DEFAULT.r()),
                Require.orDefault(alpha, DEFAULT.alpha()),
                Require.orDefault(dropout, DEFAULT.dropout()),
                Require.orDefault(targetModules, DEFAULT.targetModules()),
                Require.orDefault(useRslora, DEFAULT.useRslora()));
    }
}
