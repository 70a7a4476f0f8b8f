package io.lorastream.lora.train;

/** Why a training run ended. */
public enum StopReason {
    /** All configured epochs ran. */
    COMPLETED,
    /** Validation loss stopped improving for the configured patience. */
    EARLY_STOPPED
}
