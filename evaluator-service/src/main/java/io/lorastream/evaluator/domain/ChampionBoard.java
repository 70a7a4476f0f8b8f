package io.lorastream.evaluator.domain;

import io.lorastream.contracts.ChampionEvent;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The current champion of every task, from the compacted {@code lorastream.adapters.champions} topic. Thread-safe. */
public final class ChampionBoard {

    private final ConcurrentHashMap<String, ChampionEvent> champions = new ConcurrentHashMap<>();

    public void put(ChampionEvent champion) {
        champions.put(champion.task(), champion);
    }

    public void remove(String task) {
        champions.remove(task);
    }

    public Optional<ChampionEvent> find(String task) {
        return Optional.ofNullable(champions.get(task));
    }

    public int size() {
        return champions.size();
    }
}
