package io.lorastream.registry.domain;

/**
 * The result of a champion change request.
 *
 * @param entry the history entry that describes the champion now
 * @param changed false when the version already was champion (nothing was written)
 */
public record ChampionChange(HistoryEntry entry, boolean changed) {
}
