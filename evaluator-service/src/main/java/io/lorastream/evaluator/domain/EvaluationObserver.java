package io.lorastream.evaluator.domain;

import io.lorastream.contracts.DecisionEvent;

/** What the evaluation reports to metrics. */
public interface EvaluationObserver {

    /**
     * A decision was published.
     *
     * @param judgement the evaluation behind it, or null when an earlier, recorded decision was published again
     *     or no model ran
     * @param republished true when the decision was already recorded (a re-delivered candidate)
     */
    void decided(DecisionEvent decision, Judgement judgement, boolean republished);

    /** A step failed for a reason that may pass (store or broker unreachable); it is retried. */
    void transientFailure(String stage);

    /** A candidates record that names no valid task and version was skipped. */
    void unreadableCandidate();

    EvaluationObserver NONE = new EvaluationObserver() {
        @Override
        public void decided(DecisionEvent decision, Judgement judgement, boolean republished) {
        }

        @Override
        public void transientFailure(String stage) {
        }

        @Override
        public void unreadableCandidate() {
        }
    };
}
