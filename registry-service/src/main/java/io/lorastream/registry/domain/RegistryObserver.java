package io.lorastream.registry.domain;

/** What the promotion logic reports to metrics. */
public interface RegistryObserver {

    /** A decision was handled with the given outcome. */
    void decisionHandled(String task, DecisionOutcome.Outcome outcome);

    /** The champion changed through {@code kind}. */
    void championChanged(String task, HistoryEntry.Kind kind);

    /** A stored file did not match its SHA-256 (on promotion or when serving). */
    void integrityFailure(String task, String where);

    RegistryObserver NONE = new RegistryObserver() {
        @Override
        public void decisionHandled(String task, DecisionOutcome.Outcome outcome) {
        }

        @Override
        public void championChanged(String task, HistoryEntry.Kind kind) {
        }

        @Override
        public void integrityFailure(String task, String where) {
        }
    };
}
