package io.lorastream.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterDirectoryTest {

    @TempDir
    Path dir;

    private static String sha(String text) {
        return HexFormat.of().formatHex(RegistryClient.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static ChampionInfo champion(String version, Map<String, String> contents) {
        Map<String, String> files = new TreeMap<>();
        contents.forEach((name, text) -> files.put(name, sha(text)));
        return new ChampionInfo("spam", version, null, "approved", "all-minilm-l6-v2", Instant.now(), files);
    }

    /** A fetcher that writes the given contents, checking them like the real client does. */
    private static AdapterDirectory.FileFetcher serving(Map<String, String> contents) {
        return (name, sha256, target) -> {
            Files.writeString(target, contents.get(name));
            String actual = AdapterDirectory.sha256Of(target);
            if (!actual.equals(sha256)) {
                Files.delete(target);
                throw new AdapterVerificationException("v", name, sha256, actual);
            }
        };
    }

    @Test
    void installPutsEveryVerifiedFileInTheVersionFolderAndActivateMakesItCurrent() throws Exception {
        AdapterDirectory adapters = new AdapterDirectory(dir, 3);
        Map<String, String> contents = Map.of("adapter_config.json", "{}", "adapter_model.safetensors", "weights-1");
        InstalledAdapter installed = adapters.install(champion("v20261201T000000Z-a1", contents), serving(contents));
        adapters.activate(installed);

        assertThat(installed.dir()).isEqualTo(dir.resolve("v20261201T000000Z-a1"));
        assertThat(Files.readString(installed.dir().resolve("adapter_model.safetensors"))).isEqualTo("weights-1");
        assertThat(adapters.current()).map(InstalledAdapter::version).contains("v20261201T000000Z-a1");
        assertThat(new AdapterDirectory(dir, 3).current()).as("a new run resumes from disk")
                .map(InstalledAdapter::version).contains("v20261201T000000Z-a1");
    }

    @Test
    void aMismatchLeavesNoVersionFolderAndKeepsTheCurrentAdapter() throws Exception {
        AdapterDirectory adapters = new AdapterDirectory(dir, 3);
        Map<String, String> good = Map.of("adapter_model.safetensors", "weights-1");
        adapters.activate(adapters.install(champion("v20261201T000000Z-a1", good), serving(good)));

        ChampionInfo announced = champion("v20261202T000000Z-b2", Map.of("adapter_model.safetensors", "weights-2"));
        Map<String, String> tampered = Map.of("adapter_model.safetensors", "weights-2-tampered");
        assertThatThrownBy(() -> adapters.install(announced, serving(tampered)))
                .isInstanceOf(AdapterVerificationException.class);

        assertThat(dir.resolve("v20261202T000000Z-b2")).doesNotExist();
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".staging-"));
        }
        assertThat(adapters.current()).map(InstalledAdapter::version).contains("v20261201T000000Z-a1");
    }

    @Test
    void keepsTheGivenNumberOfVersionsAndTheRecentOnesNewestFirst() throws Exception {
        AdapterDirectory adapters = new AdapterDirectory(dir, 2);
        for (String version : new String[] {"v20261201T000000Z-a", "v20261202T000000Z-b", "v20261203T000000Z-c"}) {
            Map<String, String> contents = Map.of("adapter_model.safetensors", version);
            adapters.activate(adapters.install(champion(version, contents), serving(contents)));
        }
        assertThat(adapters.current()).map(InstalledAdapter::version).contains("v20261203T000000Z-c");
        assertThat(adapters.recent()).containsExactly("v20261202T000000Z-b");
        assertThat(dir.resolve("v20261201T000000Z-a")).doesNotExist();
        assertThat(dir.resolve("v20261202T000000Z-b")).isDirectory();
    }

    @Test
    void aVersionChangedOnDiskIsNotVerified() throws Exception {
        AdapterDirectory adapters = new AdapterDirectory(dir, 3);
        Map<String, String> contents = Map.of("adapter_model.safetensors", "weights-1");
        ChampionInfo champion = champion("v20261201T000000Z-a1", contents);
        InstalledAdapter installed = adapters.install(champion, serving(contents));
        adapters.activate(installed);
        assertThat(adapters.verified(champion.version(), champion.files())).isPresent();

        Files.writeString(installed.dir().resolve("adapter_model.safetensors"), "flipped bits");
        assertThat(adapters.verified(champion.version(), champion.files())).isEmpty();
        assertThat(adapters.current()).isEmpty();
    }

    @Test
    void leftoversOfAnInterruptedDownloadAreRemovedOnOpen() throws IOException {
        Path leftover = Files.createDirectories(dir.resolve(".staging-v20261201T000000Z-a1-123"));
        Files.writeString(leftover.resolve("adapter_model.safetensors"), "half");
        new AdapterDirectory(dir, 3);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void unsafeNamesFromTheRegistryAreRefusedBeforeTouchingTheDisk() {
        assertThatThrownBy(() -> champion("../../etc", Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version id");
        assertThatThrownBy(() -> champion("v20261201T000000Z-a1", Map.of("../passwd", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file name");
        assertThatThrownBy(() -> champion("v20261201T000000Z-a1", Map.of(".hidden", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file name");
        assertThatThrownBy(() -> new ChampionInfo("spam", "v20261201T000000Z-a1", null, "r", "m", null,
                Map.of("adapter_model.safetensors", "not-a-sha")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256");
    }
}
