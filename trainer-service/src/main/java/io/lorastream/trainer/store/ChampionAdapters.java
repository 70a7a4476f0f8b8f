package io.lorastream.trainer.store;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.lora.peft.PeftAdapter;
import io.lorastream.lora.peft.PeftAdapterReader;
import io.lorastream.store.AdapterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Champion adapters for warm starts: downloaded once per version into a cache folder (SHA-256
 * checked against the champion event), read with the PEFT reader, kept in memory per task.
 */
public final class ChampionAdapters {

    private final AdapterStore store;
    private final Path cacheDir;
    private final Map<String, PeftAdapter> byVersion = new ConcurrentHashMap<>();

    public ChampionAdapters(AdapterStore store, Path cacheDir) {
        this.store = store;
        this.cacheDir = cacheDir;
    }

    /** The champion's adapter, from memory, the disk cache or the store. */
    public PeftAdapter load(ChampionEvent champion) {
        return byVersion.computeIfAbsent(champion.task() + "/" + champion.version(), k -> {
            Path dir = cacheDir.resolve(champion.task()).resolve(champion.version());
            Map<String, String> adapterFiles = new java.util.TreeMap<>(champion.files());
            adapterFiles.keySet().retainAll(java.util.Set.of(io.lorastream.lora.peft.PeftFormat.CONFIG_FILE,
                    io.lorastream.lora.peft.PeftFormat.WEIGHTS_FILE));
            store.fetchFiles(champion.objectPrefix(), adapterFiles, dir);
            try {
                return PeftAdapterReader.read(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read champion adapter " + champion.version(), e);
            }
        });
    }
}
