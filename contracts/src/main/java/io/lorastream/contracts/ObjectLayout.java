package io.lorastream.contracts;

/** The object-store layout shared by every service (bucket {@value #BUCKET}). */
public final class ObjectLayout {

    /** Default bucket holding models, candidates, promoted adapters and replay reservoirs. */
    public static final String BUCKET = "lorastream";

    private ObjectLayout() {
    }

    /** Prefix of a base model directory in Hugging Face layout. */
    public static String modelPrefix(String baseModel) {
        return "models/" + baseModel + "/";
    }

    /** Prefix of a candidate adapter written by the trainer. */
    public static String candidatePrefix(String task, String version) {
        return "candidates/" + TaskId.require(task) + "/" + version + "/";
    }

    /** Prefix of a promoted, immutable adapter. */
    public static String adapterPrefix(String task, String version) {
        return "adapters/" + TaskId.require(task) + "/" + version + "/";
    }

    /** Prefix of a task's replay reservoir. */
    public static String replayPrefix(String task) {
        return "replay/" + TaskId.require(task) + "/";
    }
}
