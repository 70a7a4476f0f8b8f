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

    /** Prefix of every candidate of a task; one folder per version below it. */
    public static String candidatesPrefix(String task) {
        return "candidates/" + TaskId.require(task) + "/";
    }

    /** Prefix of every promoted adapter of a task; one folder per version below it. */
    public static String adaptersPrefix(String task) {
        return "adapters/" + TaskId.require(task) + "/";
    }

    /** Prefix of a candidate adapter written by the trainer. */
    public static String candidatePrefix(String task, String version) {
        return candidatesPrefix(task) + VersionId.require(version) + "/";
    }

    /** Prefix of a promoted, immutable adapter. */
    public static String adapterPrefix(String task, String version) {
        return adaptersPrefix(task) + VersionId.require(version) + "/";
    }

    /** Prefix of a task's replay reservoir. */
    public static String replayPrefix(String task) {
        return "replay/" + TaskId.require(task) + "/";
    }
}
