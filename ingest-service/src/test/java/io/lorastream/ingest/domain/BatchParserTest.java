package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchParserTest {

    private final BatchParser parser = new BatchParser(3);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cutsAJsonArrayIntoRows() {
        List<ParsedRow> rows = parser.parseJsonArray(utf8("[{\"text\":\"a\"}, 5, {\"text\":\"c\"}]"));

        assertThat(rows).hasSize(3).allMatch(ParsedRow::isReadable);
        assertThat(rows.get(1).row().notAnObjectType()).isEqualTo("number");
        assertThat(rows.get(0).row().notAnObjectType()).isNull();
        assertThat(rows).extracting(ParsedRow::index).containsExactly(0, 1, 2);
    }

    @Test
    void refusesBodiesThatAreNotAJsonArray() {
        assertThatThrownBy(() -> parser.parseJsonArray(utf8("{\"text\":\"a\"}")))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.rule()).isEqualTo("not_an_array"));
        assertThatThrownBy(() -> parser.parseJsonArray(utf8("[{\"text\":\"a\"")))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.rule()).isEqualTo("malformed_json");
                });
        assertThatThrownBy(() -> parser.parseJsonArray(utf8("[{\"text\":}]")))
                .hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> parser.parseJsonArray(utf8("[] []"))).hasMessageContaining("content after");
        assertThatThrownBy(() -> parser.parseJsonArray(utf8("[]"))).hasMessageContaining("holds no examples");
    }

    @Test
    void refusesEmptyAndBlankBodies() {
        assertThatThrownBy(() -> parser.parseJsonArray(new byte[0]))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.rule()).isEqualTo("empty_body"));
        assertThatThrownBy(() -> parser.parseNdjson(utf8(" \n\n ")))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.rule()).isEqualTo("empty_body"));
    }

    @Test
    void refusesMoreRowsThanTheLimitWith413() {
        assertThatThrownBy(() -> parser.parseJsonArray(utf8("[1,2,3,4]")))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("more than 3");
        assertThatThrownBy(() -> parser.parseNdjson(utf8("{}\n{}\n{}\n{}\n")))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void invalidUtf8RefusesAJsonArrayWithItsOffset() {
        byte[] body = utf8("[{\"text\":\"caf\u00e9\"}]");
        body[body.length - 5] = (byte) 0xff;

        assertThatThrownBy(() -> parser.parseJsonArray(body))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.rule()).isEqualTo("invalid_utf8"))
                .hasMessageContaining("offset " + (body.length - 5));
    }

    @Test
    void ndjsonRejectsOnlyTheBadLines() {
        byte[] body = utf8("{\"text\":\"a\"}\r\n\nnot json\n{\"text\":\"\u00e9\"}\n");
        body[body.length - 4] = (byte) 0xc3;
        body[body.length - 3] = (byte) 0x28;

        List<ParsedRow> rows = parser.parseNdjson(body);

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).isReadable()).isTrue();
        assertThat(rows.get(1).problem()).isEqualTo(RejectionRule.MALFORMED_JSON);
        assertThat(rows.get(2).problem()).isEqualTo(RejectionRule.INVALID_UTF8);
    }

    @Test
    void ndjsonRejectsTwoValuesOnOneLine() {
        assertThat(parser.parseNdjson(utf8("{} {}")).get(0).detail()).contains("more than one JSON value");
    }

    @Test
    void utf8ValidationFollowsRfc3629() {
        assertThat(Utf8.firstInvalidByte(utf8("plain ascii, caf\u00e9, \u20ac, \ud83d\ude00"), 0, 20)).isEqualTo(-1);
        assertThat(Utf8.firstInvalidByte(new byte[] {(byte) 0xc0, (byte) 0x80}, 0, 2)).as("overlong NUL").isZero();
        assertThat(Utf8.firstInvalidByte(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 0, 3)).as("surrogate").isZero();
        assertThat(Utf8.firstInvalidByte(new byte[] {'a', (byte) 0xe2, (byte) 0x82}, 0, 3)).as("truncated").isEqualTo(1);
        assertThat(Utf8.firstInvalidByte(new byte[] {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, 0, 4)).isZero();
    }
}
