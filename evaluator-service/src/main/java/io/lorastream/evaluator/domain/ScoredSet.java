package io.lorastream.evaluator.domain;

/**
 * Both models' answers on the same items of one evaluation set.
 *
 * @param name {@code holdout}, {@code retention} or {@code golden}: the prefix of its metric names
 * @param actual true class of each item, in the task's label indices
 * @param candidate the candidate's answers
 * @param reference the champion's (or the base model's) answers on the same items
 */
public record ScoredSet(String name, int[] actual, ModelOutput candidate, ModelOutput reference) {

    public ScoredSet {
        if (candidate.size() != actual.length || reference.size() != actual.length) {
            throw new IllegalArgumentException(name + ": " + actual.length + " items but " + candidate.size()
                    + " candidate and " + reference.size() + " reference answers");
        }
    }

    public int size() {
        return actual.length;
    }
}
