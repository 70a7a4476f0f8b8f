package io.lorastream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.contracts.ObjectLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object layout against a real S3 server: folders of files with SHA-256s, promotion, model cache. */
class AdapterStoreTest {

    private static final String VERSION = "v20261201T120000Z-abc123";

    @TempDir
    static Path serverData;

    @TempDir
    Path work;

    static StoreTestServer server;
    static AdapterStore store;

    @BeforeAll
    static void start() {
        server = new StoreTestServer(serverData);
        store = new AdapterStore(server.store());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Path folder(String name, Map<String, String> files) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    @Test
    void aCandidateGoesUpAndComesBackVerified() throws Exception {
        Path dir = folder("cand", Map.of("adapter_config.json", "{}", "adapter_model.safetensors", "weights"));

        Map<String, String> files = store.putCandidate("spam", VERSION, dir);

        assertThat(files).containsOnlyKeys("adapter_config.json", "adapter_model.safetensors");
        assertThat(files.get("adapter_model.safetensors")).isEqualTo(Sha256.of("weights".getBytes()));
        assertThat(store.filesUnder(ObjectLayout.candidatePrefix("spam", VERSION))).isEqualTo(files);
        Path back = store.fetchFiles(ObjectLayout.candidatePrefix("spam", VERSION), files, work.resolve("back"));
        assertThat(Files.readString(back.resolve("adapter_model.safetensors"))).isEqualTo("weights");
    }

    @Test
    void aCorruptFileFailsTheFetchAndLeavesTheOldFolderInPlace() throws Exception {
        Path dir = folder("corrupt", Map.of("a.json", "{\"a\":1}"));
        Map<String, String> files = store.putFiles("x/corrupt/", dir);
        Path target = folder("existing", Map.of("old.txt", "old"));

        assertThatThrownBy(() -> store.fetchFiles("x/corrupt/", Map.of("a.json", Sha256.of(new byte[0])), target))
                .isInstanceOf(IntegrityException.class);
        assertThat(Files.readString(target.resolve("old.txt"))).isEqualTo("old");
        assertThat(files).containsKey("a.json");
    }

    @Test
    void promotionCopiesVerifiedAndIsHarmlessTwice() throws Exception {
        Path dir = folder("promo", Map.of("adapter_config.json", "{\"r\":8}", "training.json", "{}"));
        Map<String, String> files = store.putCandidate("promo", VERSION, dir);

        store.promote("promo", VERSION, files);
        store.promote("promo", VERSION, files);

        assertThat(store.filesUnder(ObjectLayout.adapterPrefix("promo", VERSION))).isEqualTo(files);
    }

    @Test
    void promotionRefusesFilesThatAreNotWhatWasAnnounced() throws Exception {
        Path dir = folder("tampered", Map.of("adapter_config.json", "{\"r\":8}"));
        store.putCandidate("tampered", VERSION, dir);

        assertThatThrownBy(() -> store.promote("tampered", VERSION, Map.of("adapter_config.json", Sha256.of(new byte[] {9}))))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("candidates/tampered/");
        assertThat(store.objects().stat(ObjectLayout.adapterPrefix("tampered", VERSION) + "adapter_config.json")).isEmpty();
    }

    @Test
    void fileNamesCannotLeaveTheirFolder() {
        for (String bad : new String[] {"../x", "a/b", "", ".hidden", "x..y", "a b"}) {
            assertThatThrownBy(() -> AdapterStore.safeName(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.promote("spam", VERSION, Map.of("../../models/x/config.json", "0".repeat(64))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AdapterStore.safeName("adapter_model.safetensors")).isEqualTo("adapter_model.safetensors");
    }

    @Test
    void theModelCacheFetchesOnceAndAgainOnlyWhenTheStoredModelChanges() throws Exception {
        Path model = folder("tiny", Map.of("config.json", "{}", "model.safetensors", "w1", "tokenizer.json", "{}"));
        store.putModel("tiny", model);
        Path cache = work.resolve("cache");

        ModelCache.CachedModel first = new ModelCache(store, cache, Optional.empty()).get("tiny");
        long fetchedAt = Files.getLastModifiedTime(first.dir().resolve("model.safetensors")).toMillis();
        Thread.sleep(20);
        ModelCache.CachedModel again = new ModelCache(store, cache, Optional.empty()).get("tiny");

        assertThat(again.dir()).isEqualTo(first.dir());
        assertThat(Files.getLastModifiedTime(again.dir().resolve("model.safetensors")).toMillis())
                .as("a second cache over the same folder reuses the download").isEqualTo(fetchedAt);
        assertThat(first.weightsSha256()).isEqualTo(Sha256.of("w1".getBytes()));

        Files.writeString(model.resolve("model.safetensors"), "w2");
        store.putModel("tiny", model);
        ModelCache.CachedModel updated = new ModelCache(store, cache, Optional.empty()).get("tiny");
        assertThat(Files.readString(updated.dir().resolve("model.safetensors"))).isEqualTo("w2");
        assertThat(updated.weightsSha256()).isEqualTo(Sha256.of("w2".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLocalModelsFolderIsUsedBeforeTheStore() throws Exception {
        Path local = work.resolve("local");
        folder("local/only-local", Map.of("config.json", "{}", "model.safetensors", "local-weights"));

        ModelCache.CachedModel model = new ModelCache(store, work.resolve("cache2"), Optional.of(local)).get("only-local");

        assertThat(model.dir()).isEqualTo(local.resolve("only-local"));
        assertThat(model.weightsSha256()).isEqualTo(Sha256.of("local-weights".getBytes()));
        assertThatThrownBy(() -> new ModelCache(store, work.resolve("cache3"), Optional.of(local)).get("nowhere"))
                .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("models/nowhere/");
    }
}
