package io.lorastream.servicekit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.servicekit.auth.AdminGate.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminGateTest {

    @TempDir
    Path dir;

    private AdminGate gate() {
        return AdminGate.requiring(AdminTokens.of(Optional.of(List.of("the-admin-token-123")), dir.resolve("t"),
                new TokenRules("trainer", "k", 1)));
    }

    @Test
    void aBearerAdminTokenPassesWhateverTheSchemeCase() {
        assertThat(gate().check("Bearer the-admin-token-123")).isEqualTo(Verdict.ALLOWED);
        assertThat(gate().check("bearer the-admin-token-123 ")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void aMissingHeaderIsToldApartFromAWrongOne() {
        assertThat(gate().check(null)).isEqualTo(Verdict.MISSING_TOKEN);
        assertThat(gate().check("  ")).isEqualTo(Verdict.MISSING_TOKEN);
        assertThat(gate().check("Bearer wrong")).isEqualTo(Verdict.INVALID_TOKEN);
        assertThat(gate().check("Basic the-admin-token-123")).isEqualTo(Verdict.INVALID_TOKEN);
        assertThat(gate().check("the-admin-token-123")).isEqualTo(Verdict.INVALID_TOKEN);
        assertThat(gate().check("Bearer THE-ADMIN-TOKEN-123")).isEqualTo(Verdict.INVALID_TOKEN);
    }

    @Test
    void refusalsAre401WithTheRuleAChallengeAndNeverThePresentedToken() {
        assertThat(gate().refusal("Bearer the-admin-token-123", "lorastream-trainer", "admin")).isEmpty();
        AdminGate.Refusal missing = gate().refusal(null, "lorastream-trainer", "admin").orElseThrow();
        assertThat(missing.rule()).isEqualTo("missing_token");
        assertThat(missing.message()).contains("needs an admin token");
        assertThat(missing.challenge()).isEqualTo("Bearer realm=\"lorastream-trainer\"");
        AdminGate.Refusal wrong = gate().refusal("Bearer guessed-token", "lorastream-ingest", "producer").orElseThrow();
        assertThat(wrong.rule()).isEqualTo("invalid_token");
        assertThat(wrong.message()).isEqualTo("the Authorization header does not carry a producer bearer token");
        assertThat(wrong.challenge()).isEqualTo("Bearer realm=\"lorastream-ingest\", error=\"invalid_token\"");
        assertThat(wrong.toString()).doesNotContain("guessed-token");
        assertThat(AdminGate.Refusal.STATUS).isEqualTo(401);
        assertThat(AdminGate.open().refusal(null, "r", "admin")).isEmpty();
    }

    @Test
    void anOpenGateLetsEverythingThrough() {
        AdminGate open = AdminGate.open();
        assertThat(open.enabled()).isFalse();
        assertThat(open.check(null)).isEqualTo(Verdict.ALLOWED);
        assertThat(open.accepts("anything")).isTrue();
        assertThat(gate().enabled()).isTrue();
        assertThat(gate().accepts("anything")).isFalse();
    }
}
