package io.lorastream.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.registry.config.RegistryConfig;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the registry's tokens come from: configured, the generated local default, or none with auth off. */
class TokenRealmsTest {

    @TempDir
    Path home;

    private static RegistryConfig.Auth auth(boolean enabled, List<String> read, List<String> admin, Path file) {
        return new RegistryConfig.Auth() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Optional<List<String>> readTokens() {
                return Optional.ofNullable(read);
            }

            @Override
            public Optional<List<String>> adminTokens() {
                return Optional.ofNullable(admin);
            }

            @Override
            public Path tokenFile() {
                return file;
            }
        };
    }

    @Test
    void withNothingConfiguredAuthStaysOnWithGeneratedLocalTokens() throws Exception {
        Path file = home.resolve("registry-tokens.properties");
        TokenRealm realm = TokenRealms.from(auth(true, null, null, file));

        assertThat(realm.isEmpty()).isFalse();
        Properties tokens = new Properties();
        try (var in = Files.newInputStream(file)) {
            tokens.load(in);
        }
        assertThat(realm.authenticate(tokens.getProperty(LocalTokenFile.READ_KEY)))
                .contains(new Caller("local-read", Role.READ));
        assertThat(realm.authenticate(tokens.getProperty(LocalTokenFile.ADMIN_KEY)))
                .contains(new Caller("local-admin", Role.ADMIN));
        assertThat(realm.authenticate("anything-else-0123456789")).isEmpty();
        // A second start (another replica, a restart) uses the same tokens.
        assertThat(TokenRealms.from(auth(true, List.of(), List.of(), file))
                .authenticate(tokens.getProperty(LocalTokenFile.ADMIN_KEY))).isPresent();
    }

    @Test
    void configuredTokensWinAndNoFileIsWritten() {
        Path file = home.resolve("registry-tokens.properties");
        TokenRealm realm = TokenRealms.from(auth(true, List.of("inference:read-token-0123456789"), null, file));
        assertThat(realm.authenticate("read-token-0123456789")).contains(new Caller("inference", Role.READ));
        assertThat(file).doesNotExist();
    }

    @Test
    void authOffOnlyWithTheExplicitFlag() {
        Path file = home.resolve("registry-tokens.properties");
        TokenRealm realm = TokenRealms.from(auth(false, List.of("inference:read-token-0123456789"), null, file));
        assertThat(realm.isEmpty()).isTrue();
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnusableTokenFileFailsTheStartNamingTheWayOut() throws Exception {
        Path notAFolder = Files.writeString(home.resolve("plain-file"), "x");
        assertThatThrownBy(() -> TokenRealms.from(auth(true, null, null, notAFolder.resolve("tokens.properties"))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("lorastream.registry.auth.read-tokens")
                .hasMessageContaining("lorastream.registry.auth.enabled=false");
    }
}
