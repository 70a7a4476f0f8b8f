package io.lorastream.registry.client;

/**
 * The answer to a champion poll: the champion changed (and here it is), it is still the version the
 * caller knows, or the task has no champion yet.
 *
 * @param outcome which of the three
 * @param champion the new champion when {@code outcome} is {@link Outcome#CHANGED}, else null
 */
public record ChampionPoll(Outcome outcome, ChampionInfo champion) {

    /** What a poll found. */
    public enum Outcome {
        /** A champion other than the known version. */
        CHANGED,
        /** Still the known version (HTTP 304). */
        UNCHANGED,
        /** No champion for the task (yet). */
        NONE
    }

    static ChampionPoll changed(ChampionInfo champion) {
        return new ChampionPoll(Outcome.CHANGED, champion);
    }

    static ChampionPoll unchanged() {
        return new ChampionPoll(Outcome.UNCHANGED, null);
    }

    static ChampionPoll none() {
        return new ChampionPoll(Outcome.NONE, null);
    }
}
