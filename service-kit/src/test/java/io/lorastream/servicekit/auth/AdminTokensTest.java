package io.lorastream.servicekit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokensTest {

    private static final TokenRules STRICT = new TokenRules("evaluator", "lorastream.evaluator.auth.admin-tokens", 16);
    private static final TokenRules LENIENT = new TokenRules("trainer", "lorastream.trainer.auth.admin-tokens", 1);

    @TempDir
    Path dir;

    @Test
    void configuredTokensWinAndOnlyThoseAreAccepted() {
        AdminTokens tokens = AdminTokens.of(Optional.of(List.of(" first-admin-token-x ", "", "second-admin-token")),
                dir.resolve("tokens.properties"), STRICT);
        assertThat(tokens.accepts("first-admin-token-x")).isTrue();
        assertThat(tokens.accepts("second-admin-token")).isTrue();
        assertThat(tokens.accepts("second-admin-token ")).isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
        assertThat(dir.resolve("tokens.properties")).doesNotExist();
    }

    @Test
    void aTooShortTokenIsRefusedNamingTheKeyAndEntry() {
        assertThatThrownBy(() -> AdminTokens.of(Optional.of(List.of("long-enough-token-1", "short")),
                dir.resolve("t.properties"), STRICT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lorastream.evaluator.auth.admin-tokens entry 2 is shorter than 16 characters; use long random tokens");
        assertThat(AdminTokens.of(Optional.of(List.of("short")), dir.resolve("t.properties"), LENIENT).accepts("short"))
                .isTrue();
    }

    @Test
    void withoutConfiguredTokensOneIsGeneratedOwnerOnlyAndReusedOnTheNextStart() throws Exception {
        Path file = dir.resolve("nested/trainer-tokens.properties");
        AdminTokens.of(Optional.empty(), file, LENIENT);
        String token = fileToken(file);
        assertThat(token).hasSize(48);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).contains("lorastream trainer admin token")
                .contains("lorastream.trainer.auth.admin-tokens");

        AdminTokens again = AdminTokens.of(Optional.of(List.of()), file, LENIENT);
        assertThat(again.accepts(token)).isTrue();
        assertThat(fileToken(file)).isEqualTo(token);
        assertThat(dir.resolve("nested").toFile().list()).containsExactly("trainer-tokens.properties");
    }

    @Test
    void aProducerTokenFileSaysProducerAndKeepsItsTokenUnderItsOwnKey() throws Exception {
        TokenRules producer = new TokenRules("ingest", "lorastream.ingest.auth.tokens", 16, "producer");
        Path file = dir.resolve("ingest-tokens.properties");
        AdminTokens tokens = AdminTokens.of(Optional.empty(), file, producer);
        Properties props = new Properties();
        try (var in = Files.newInputStream(file)) {
            props.load(in);
        }
        assertThat(props).containsOnlyKeys("producer-token");
        assertThat(tokens.accepts(props.getProperty("producer-token"))).isTrue();
        assertThat(Files.readString(file)).contains("lorastream ingest producer token").contains("lorastream.ingest.auth.tokens");
        assertThat(AdminTokens.of(Optional.empty(), file, producer).accepts(props.getProperty("producer-token"))).isTrue();
    }

    @Test
    void replicasStartingTogetherShareTheFirstToken() throws Exception {
        Path file = dir.resolve("shared.properties");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<AdminTokens> start = () -> AdminTokens.of(Optional.empty(), file, STRICT);
            List<Future<AdminTokens>> replicas = pool.invokeAll(List.of(start, start, start, start));
            String token = fileToken(file);
            for (Future<AdminTokens> replica : replicas) {
                assertThat(replica.get().accepts(token)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTokenFileWithoutATokenIsAnErrorNotSilentlyReplaced() throws Exception {
        Path file = dir.resolve("broken.properties");
        Files.writeString(file, "something=else\n");
        assertThatThrownBy(() -> AdminTokens.of(Optional.empty(), file, STRICT))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("lorastream.evaluator.auth.admin-tokens")
                .hasRootCauseMessage(file + " holds no admin-token; delete it to have a new token generated");
        assertThat(Files.readString(file)).isEqualTo("something=else\n");
    }

    @Test
    void rulesNeedAPositiveMinimum() {
        assertThatThrownBy(() -> new TokenRules("x", "k", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minTokenChars");
        assertThatThrownBy(() -> new TokenRules("x", "k", 1, "Admin token")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind");
    }

    private static String fileToken(Path file) throws Exception {
        Properties props = new Properties();
        try (var in = Files.newInputStream(file)) {
            props.load(in);
        }
        return props.getProperty(AdminTokens.FILE_KEY);
    }
}
