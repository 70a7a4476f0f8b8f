package io.lorastream.trainer.domain;

import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.TrainingSpec;
import io.lorastream.lora.hf.BertModelDir;
import io.lorastream.lora.model.LoraSettings;
import io.lorastream.lora.train.ClassWeighting;
import io.lorastream.lora.train.LoraTrainer;
import io.lorastream.lora.train.TrainingListener;

/** The {@link LoraTrainer} a task's spec and the process settings call for. */
final class TrainerRecipe {

    private final JobSettings settings;

    TrainerRecipe(JobSettings settings) {
        this.settings = settings;
    }

    /** The spec's LoRA settings in the ML core's terms; the head is always trained and saved. */
    static LoraSettings loraSettings(TaskSpec spec) {
        return new LoraSettings(spec.lora().r(), spec.lora().alpha(), spec.lora().dropout(), spec.lora().targetModules(),
                spec.lora().useRslora(), LoraSettings.CLASSIFIER_MODULES);
    }

    LoraTrainer trainer(TaskSpec spec, BertModelDir base, long seed, TrainingListener listener) {
        TrainingSpec training = spec.training();
        return LoraTrainer.builder()
                .setBaseModel(base)
                .setLabels(spec.labels())
                .optLoraSettings(loraSettings(spec))
                .optEpochs(training.epochs())
                .optBatchSize(training.batchSize())
                .optMicroBatchSize(settings.microBatchSize())
                .optLearningRate(training.learningRate())
                .optHeadLearningRate(training.headLearningRate())
                .optWarmupRatio(training.warmupRatio())
                .optClassWeighting("balanced".equals(training.classWeighting()) ? ClassWeighting.balanced()
                        : ClassWeighting.none())
                .optValidationFraction(training.validationFraction())
                .optEarlyStoppingPatience(training.earlyStoppingPatience())
                .optMaxLength(training.maxLength())
                .optSeed(seed)
                .optDevice(settings.device())
                .optThreads(settings.intraOpThreads(), settings.interOpThreads())
                .optListener(listener)
                .build();
    }
}
