package io.lorastream.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRealmTest {

    @TempDir
    Path dir;

    @Test
    void tokensAuthenticateToTheirNameAndRole() {
        TokenRealm realm = TokenRealm.of(List.of("inference:read-token-aaaaaaaaaaaa", "read-token-bbbbbbbbbbbb"),
                List.of("ops:admin-token-cccccccccccc"));
        assertThat(realm.authenticate("read-token-aaaaaaaaaaaa")).contains(new Caller("inference", Role.READ));
        assertThat(realm.authenticate("read-token-bbbbbbbbbbbb")).contains(new Caller("read-2", Role.READ));
        assertThat(realm.authenticate("admin-token-cccccccccccc")).contains(new Caller("ops", Role.ADMIN));
        assertThat(realm.authenticate("admin-token-ccccccccccc")).isEmpty();
        assertThat(realm.authenticate("")).isEmpty();
        assertThat(realm.authenticate(null)).isEmpty();
        assertThat(realm.toString()).doesNotContain("token-").contains("read=2").contains("admin=1");
        assertThat(Role.ADMIN.allows(Role.READ)).isTrue();
        assertThat(Role.READ.allows(Role.ADMIN)).isFalse();
    }

    @Test
    void shortOrRepeatedTokensAreRefusedNamingTheKeyButNotTheToken() {
        assertThatThrownBy(() -> TokenRealm.of(List.of("ci:tiny-secret"), List.of()))
                .hasMessageContaining("lorastream.registry.auth.read-tokens").hasMessageContaining("'ci'")
                .hasMessageNotContaining("tiny-secret");
        assertThatThrownBy(() -> TokenRealm.of(List.of("same-token-0123456789"), List.of("same-token-0123456789")))
                .hasMessageContaining("admin-tokens").hasMessageContaining("distinct");
    }

    @Test
    void theLocalTokenFileIsGeneratedOnceOwnerOnlyAndReadLater() throws Exception {
        Path file = dir.resolve("home").resolve("registry-tokens.properties");
        LocalTokenFile first = new LocalTokenFile(file);
        List<List<String>> tokens = first.loadOrCreate();
        assertThat(first.wasCreated()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        TokenRealm realm = TokenRealm.of(tokens.get(0), tokens.get(1));
        String admin = tokens.get(1).get(0).substring("local-admin:".length());
        assertThat(realm.authenticate(admin)).contains(new Caller("local-admin", Role.ADMIN));

        LocalTokenFile second = new LocalTokenFile(file);
        assertThat(second.loadOrCreate()).isEqualTo(tokens);
        assertThat(second.wasCreated()).isFalse();
    }
}
