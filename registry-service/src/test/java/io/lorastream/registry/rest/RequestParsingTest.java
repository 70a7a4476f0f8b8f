package io.lorastream.registry.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The request parts the registry parses itself: Range, ?wait=, If-None-Match, the promotion body. */
class RequestParsingTest {

    private static final String V1 = "v20261201T000100Z-t1";

    @Test
    void byteRangesFollowHttpForOneRangeAndFallBackToTheWholeFileOtherwise() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange(0, 100));
        assertThat(ByteRange.parse("bytes=900-", 1000)).isEqualTo(new ByteRange(900, 100));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).isEqualTo(new ByteRange(990, 10));
        assertThat(ByteRange.parse("bytes=-10", 1000)).isEqualTo(new ByteRange(990, 10));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange(0, 1000));
        assertThat(ByteRange.parse("bytes=0-99", 1000).contentRange(1000)).isEqualTo("bytes 0-99/1000");
        assertThat(ByteRange.parse(null, 1000)).isNull();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).as("several ranges: whole file").isNull();
        assertThat(ByteRange.parse("items=0-1", 1000)).as("not bytes: whole file").isNull();
        assertThat(ByteRange.parse("bytes=-", 1000)).isNull();
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 1000)).as("not a valid range: whole file").isNull();
        for (String unsatisfiable : new String[] {"bytes=1000-", "bytes=5-4", "bytes=-0", "bytes=9999999999999999999-"}) {
            assertThatThrownBy(() -> ByteRange.parse(unsatisfiable, 1000)).as(unsatisfiable)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(416);
                        assertThat(e.headers()).containsEntry("Content-Range", "bytes */1000");
                    });
        }
    }

    @Test
    void waitTakesUnitsAndIsCutToTheMaximum() {
        Duration max = Duration.ofSeconds(60);
        assertThat(WaitParameter.parse(null, max)).isZero();
        assertThat(WaitParameter.parse("30s", max)).hasSeconds(30);
        assertThat(WaitParameter.parse("30", max)).hasSeconds(30);
        assertThat(WaitParameter.parse("250ms", max)).hasMillis(250);
        assertThat(WaitParameter.parse("2m", max)).isEqualTo(max);
        assertThat(WaitParameter.parse("999999999m", max)).isEqualTo(max);
        for (String bad : new String[] {"-1s", "1h", "1.5s", "soon", "30 s", "1e3"}) {
            assertThatThrownBy(() -> WaitParameter.parse(bad, max)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("wait"));
        }
    }

    @Test
    void ifNoneMatchNamesAVersionStrongOrWeakQuotedOrNot() {
        assertThat(EntityTags.knownVersion("\"" + V1 + "\"")).isEqualTo(V1);
        assertThat(EntityTags.knownVersion("W/\"" + V1 + "\"")).isEqualTo(V1);
        assertThat(EntityTags.knownVersion(V1)).isEqualTo(V1);
        assertThat(EntityTags.knownVersion("\"" + V1 + "\", \"v20261201T000200Z-t2\"")).isEqualTo(V1);
        assertThat(EntityTags.knownVersion(null)).isNull();
        assertThat(EntityTags.knownVersion("*")).isNull();
        assertThatThrownBy(() -> EntityTags.knownVersion("\"../x\"")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.field()).isEqualTo("If-None-Match"));
    }

    @Test
    void promotionRequestsAreCheckedFieldByField() {
        assertThat(PromotionRequest.parse(bytes("{\"version\":\"" + V1 + "\",\"reason\":\"  roll back  \"}"), 500))
                .isEqualTo(new PromotionRequest(V1, "roll back"));
        assertRule("[]", "(body)", "not_an_object");
        assertRule("{", "(body)", "malformed_json");
        assertRule("{\"version\":\"" + V1 + "\",\"reason\":\"r\",\"by\":\"me\"}", "by", "unknown_field");
        assertRule("{\"reason\":\"r\"}", "version", "invalid_version_id");
        assertRule("{\"version\":7,\"reason\":\"r\"}", "version", "not_a_string");
        assertRule("{\"version\":\"" + V1 + "\",\"reason\":\" \"}", "reason", "required");
        assertRule("{\"version\":\"" + V1 + "\",\"reason\":\"a\\nb\"}", "reason", "control_characters");
        assertRule("{\"version\":\"" + V1 + "\",\"reason\":\"" + "x".repeat(501) + "\"}", "reason", "too_long");
    }

    private static void assertRule(String body, String field, String rule) {
        assertThatThrownBy(() -> PromotionRequest.parse(bytes(body), 500)).as(body)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.rule()).isEqualTo(rule);
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
