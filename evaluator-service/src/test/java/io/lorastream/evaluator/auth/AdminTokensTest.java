package io.lorastream.evaluator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.servicekit.auth.AdminTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin tokens: configured ones win, otherwise one generated into an owner-only file and reused; never logged. */
class AdminTokensTest {

    @TempDir
    Path dir;

    @Test
    void configuredTokensAreAcceptedAndNothingElse() {
        AdminTokens tokens = AdminTokens.of(Optional.of(List.of(" first-admin-token-0001 ", "second-admin-token-0002")),
                dir.resolve("unused.properties"), AdminAuth.RULES);
        assertThat(tokens.accepts("first-admin-token-0001")).isTrue();
        assertThat(tokens.accepts("second-admin-token-0002")).isTrue();
        assertThat(tokens.accepts("first-admin-token-000")).as("a prefix").isFalse();
        assertThat(tokens.accepts("first-admin-token-00011")).as("a longer string").isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
        assertThat(dir.resolve("unused.properties")).as("no file when tokens are configured").doesNotExist();
    }

    @Test
    void aShortConfiguredTokenIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> AdminTokens.of(Optional.of(List.of("long-enough-admin-token", "short")), dir.resolve("t"),
                AdminAuth.RULES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lorastream.evaluator.auth.admin-tokens entry 2 is shorter than 16 characters")
                .hasMessageNotContaining("short\"");
    }

    @Test
    void withoutConfiguredTokensOneIsGeneratedIntoAnOwnerOnlyFileAndReusedWithoutBeingLogged() throws IOException {
        Path file = dir.resolve("home/evaluator-tokens.properties");
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        AdminTokens first;
        try {
            first = AdminTokens.of(Optional.empty(), file, AdminAuth.RULES);
        } finally {
            root.removeHandler(capture);
        }

        String token = readToken(file);
        assertThat(token).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first.accepts(token)).isTrue();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(logged).as("the log names the file").anyMatch(line -> line.contains(file.toString()));
        assertThat(logged).as("the log never shows the token").noneMatch(line -> line.contains(token));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no partial file left behind").containsExactly(file);
        }

        AdminTokens again = AdminTokens.of(Optional.of(List.of()), file, AdminAuth.RULES);
        assertThat(again.accepts(token)).as("the next start reuses the file's token").isTrue();
        assertThat(readToken(file)).isEqualTo(token);
    }

    @Test
    void aTokenFileWithoutATokenIsAnErrorNotASilentNewToken() throws IOException {
        Path file = dir.resolve("evaluator-tokens.properties");
        Files.writeString(file, "# emptied by hand\n");
        assertThatThrownBy(() -> AdminTokens.of(Optional.empty(), file, AdminAuth.RULES))
                .hasMessageContaining("cannot read or create the admin token file")
                .hasRootCauseMessage(file + " holds no admin-token; delete it to have a new token generated");
    }

    private static String readToken(Path file) throws IOException {
        Properties props = new Properties();
        props.load(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        return props.getProperty("admin-token");
    }
}
