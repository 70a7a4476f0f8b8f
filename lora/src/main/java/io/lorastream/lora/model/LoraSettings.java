package io.lorastream.lora.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * LoRA hyperparameters, with PEFT's meaning for every field.
 *
 * @param r rank of the update {@code B·A}
 * @param alpha {@code lora_alpha}: the update is scaled by {@code alpha / r}, or {@code alpha / sqrt(r)} with
 *     rsLoRA
 * @param dropout {@code lora_dropout}: dropout on the LoRA branch's input, in training only
 * @param targetModules linear layers to adapt; a module is targeted when its name equals an entry or ends
 *     with {@code "." + entry} (PEFT's rule), e.g. {@code query}, {@code value}, {@code key},
 *     {@code attention.output.dense}, {@code intermediate.dense}, {@code output.dense} (which, as in PEFT,
 *     also matches {@code attention.output.dense})
 * @param useRslora scale by {@code alpha / sqrt(r)} instead of {@code alpha / r}
 * @param modulesToSave modules trained in full and saved with the adapter; always contains
 *     {@code classifier} and {@code score} (PEFT adds them for sequence classification); add {@code pooler}
 *     to train the pooler too
 */
public record LoraSettings(
        int r, double alpha, double dropout, List<String> targetModules, boolean useRslora, List<String> modulesToSave) {

    /** The modules PEFT always saves for {@code SEQ_CLS}; {@code score} names the head of other architectures. */
    public static final List<String> CLASSIFIER_MODULES = List.of("classifier", "score");

    /** Module names {@link #modulesToSave} may hold. */
    public static final List<String> SAVABLE_MODULES = List.of("pooler", "classifier", "score");

    public LoraSettings {
        if (r <= 0) {
            throw new IllegalArgumentException("r must be positive, got " + r);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("lora_alpha must be positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one module");
        }
        targetModules = List.copyOf(targetModules);
        List<String> saved = new ArrayList<>();
        for (String module : modulesToSave) {
            if (!SAVABLE_MODULES.contains(module)) {
                throw new IllegalArgumentException("modules_to_save entry '" + module + "' is not one of " + SAVABLE_MODULES);
            }
            if (!saved.contains(module)) {
                saved.add(module);
            }
        }
        for (String module : CLASSIFIER_MODULES) {
            if (!saved.contains(module)) {
                saved.add(module);
            }
        }
        modulesToSave = List.copyOf(saved);
    }

    /** PEFT's defaults for BERT: r 8, alpha 8, dropout 0, query and value, no rsLoRA, classifier only. */
    public static LoraSettings defaults() {
        return new LoraSettings(8, 8, 0.0, List.of("query", "value"), false, CLASSIFIER_MODULES);
    }

    /** The factor applied to {@code B·A}. */
    public double scaling() {
        return useRslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    /** Whether the pooler is trained and saved with the adapter. */
    public boolean trainsPooler() {
        return modulesToSave.contains("pooler");
    }

    /**
     * Whether tensors trained under {@code other} fit, and mean the same, in a model built with these
     * settings: same rank, scaling, targets and saved modules. Order (PEFT writes its sets in any order) and
     * dropout (training only) do not matter.
     */
    public boolean isCompatibleWith(LoraSettings other) {
        return r == other.r
                && scaling() == other.scaling()
                && Set.copyOf(targetModules).equals(Set.copyOf(other.targetModules))
                && Set.copyOf(modulesToSave).equals(Set.copyOf(other.modulesToSave));
    }

    /** PEFT's matching rule for a list of target module names. */
    public boolean targets(String moduleName) {
        for (String target : targetModules) {
            if (moduleName.equals(target) || moduleName.endsWith("." + target)) {
                return true;
            }
        }
        return false;
    }

    public LoraSettings withR(int newR) {
        return new LoraSettings(newR, alpha, dropout, targetModules, useRslora, modulesToSave);
    }

    public LoraSettings withAlpha(double newAlpha) {
        return new LoraSettings(r, newAlpha, dropout, targetModules, useRslora, modulesToSave);
    }

    public LoraSettings withDropout(double newDropout) {
        return new LoraSettings(r, alpha, newDropout, targetModules, useRslora, modulesToSave);
    }

    public LoraSettings withTargetModules(List<String> newTargets) {
        return new LoraSettings(r, alpha, dropout, newTargets, useRslora, modulesToSave);
    }

    public LoraSettings withRslora(boolean newUseRslora) {
        return new LoraSettings(r, alpha, dropout, targetModules, newUseRslora, modulesToSave);
    }

    public LoraSettings withModulesToSave(List<String> newModulesToSave) {
        return new LoraSettings(r, alpha, dropout, targetModules, useRslora, newModulesToSave);
    }
}
