package io.lorastream.evaluator.domain;

import java.util.List;

/**
 * A task's evaluation sets at one moment.
 *
 * @param window the recent held-out items, oldest first
 * @param retention the older items kept by the stratified sample
 */
public record EvaluationSnapshot(List<EvalItem> window, List<EvalItem> retention) {

    public static final EvaluationSnapshot EMPTY = new EvaluationSnapshot(List.of(), List.of());

    public EvaluationSnapshot {
        window = List.copyOf(window);
        retention = List.copyOf(retention);
    }
}
