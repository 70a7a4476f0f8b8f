package io.lorastream.trainer.store;

import io.lorastream.lora.peft.PeftFormat;

/** The file names in a candidate's folder, {@code candidates/<task>/<version>/}. */
public final class CandidateFiles {

    /** The window plan, written before training. */
    public static final String WINDOW = "window.json";
    /** The lineage, written last among the candidate's files: present means complete. */
    public static final String TRAINING = "training.json";
    /** The announced {@code CandidateEvent}, written once Kafka acknowledged it. */
    public static final String ANNOUNCED = "announced.json";
    /** Why the window's job failed; the window is not trained again. */
    public static final String FAILED = "failed.json";

    /** The files a candidate consists of, announced with their SHA-256s (the others are bookkeeping). */
    public static final java.util.Set<String> CANDIDATE_FILES = java.util.Set.of(PeftFormat.CONFIG_FILE,
            PeftFormat.WEIGHTS_FILE, TRAINING);

    private CandidateFiles() {
    }
}
