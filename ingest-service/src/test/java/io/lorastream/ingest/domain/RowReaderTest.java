package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lorastream.contracts.TaskSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming row reader, through the parser and the preparer as a request's rows go. */
class RowReaderTest {

    private static final TaskSpec SPEC = TaskSpec.withDefaults("spam", List.of("ham", "spam"));

    private final BatchParser parser = new BatchParser(100);
    private final ExamplePreparer preparer = new ExamplePreparer(new RowValidator(256, 128), new DedupIndex(1000),
            IngestObserver.NONE, Clock.systemUTC());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<RowOutcome> prepare(List<ParsedRow> rows) {
        List<RowOutcome> outcomes = new ArrayList<>();
        for (ParsedRow row : rows) {
            outcomes.add(row.isReadable() ? preparer.prepare(SPEC, Channel.HTTP, row.index(), row.row())
                    : preparer.unparsable(SPEC, Channel.HTTP, row.index(), row.problem(), row.detail()));
        }
        return outcomes;
    }

    private RowRejection rejectionOf(String rowJson) throws IOException {
        RowOutcome outcome = preparer.prepare(SPEC, Channel.HTTP, 4, RowReader.readOne(utf8(rowJson)));
        assertThat(outcome).as("row %s", rowJson).isInstanceOf(RowOutcome.Rejected.class);
        RowRejection rejection = ((RowOutcome.Rejected) outcome).rejection();
        assertThat(rejection.index()).isEqualTo(4);
        return rejection;
    }

    @Test
    void ndjsonWithABrokenLineInTheMiddleRejectsOnlyThatLine() {
        List<RowOutcome> outcomes = prepare(parser.parseNdjson(utf8(
                "{\"text\":\"first\",\"label\":\"ham\"}\n"
                        + "{\"text\":\"broken\",\"label\":\n"
                        + "{\"text\":\"third\",\"label\":\"spam\",\"weight\":2}\n")));

        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isInstanceOf(RowOutcome.Accepted.class);
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(RowOutcome.Accepted.class,
                a -> assertThat(a.example().weight()).isEqualTo(2.0));
        RowRejection broken = ((RowOutcome.Rejected) outcomes.get(1)).rejection();
        assertThat(broken).extracting(RowRejection::index, RowRejection::field, RowRejection::rule)
                .containsExactly(1, RowRejection.WHOLE_ROW, "malformed_json");
        assertThat(broken.message()).startsWith("(row) must be well-formed JSON: ");
    }

    @Test
    void invalidUtf8OnAnNdjsonLineRejectsThatRowByIndexAndKeepsTheOthers() {
        byte[] body = utf8("{\"text\":\"ok\",\"label\":\"ham\"}\n{\"text\":\"bad X\",\"label\":\"ham\"}\n{\"text\":\"ok too\",\"label\":\"ham\"}\n");
        int x = new String(body, StandardCharsets.UTF_8).indexOf('X');
        body[x] = (byte) 0xc3; // a lead byte followed by '"' is not UTF-8

        List<RowOutcome> outcomes = prepare(parser.parseNdjson(body));

        assertThat(outcomes.get(0)).isInstanceOf(RowOutcome.Accepted.class);
        assertThat(outcomes.get(2)).isInstanceOf(RowOutcome.Accepted.class);
        assertThat(((RowOutcome.Rejected) outcomes.get(1)).rejection())
                .extracting(RowRejection::index, RowRejection::rule).containsExactly(1, "invalid_utf8");
    }

    @Test
    void aJsonArrayMixesValidAndInvalidRowsAndEveryRejectionNamesIndexFieldAndRule() {
        List<RowOutcome> outcomes = prepare(parser.parseJsonArray(utf8("["
                + "{\"text\":\"good\",\"label\":\"ham\"},"
                + "{\"text\":7,\"label\":\"ham\"},"
                + "[\"text\",\"ham\"],"
                + "{\"text\":\"x\",\"label\":\"ham\",\"extra\":{\"nested\":[1,{\"a\":2}]}},"
                + "{\"text\":\"also good\",\"label\":\"spam\",\"source\":null}"
                + "]")));

        assertThat(outcomes.get(0)).isInstanceOf(RowOutcome.Accepted.class);
        assertThat(outcomes.get(4)).isInstanceOf(RowOutcome.Accepted.class);
        assertThat(((RowOutcome.Rejected) outcomes.get(1)).rejection())
                .extracting(RowRejection::index, RowRejection::field, RowRejection::rule, RowRejection::message)
                .containsExactly(1, "text", "wrong_type", "text has the wrong JSON type: expected a string, got number");
        assertThat(((RowOutcome.Rejected) outcomes.get(2)).rejection())
                .extracting(RowRejection::index, RowRejection::field, RowRejection::rule, RowRejection::message)
                .containsExactly(2, "(row)", "not_an_object", "(row) must be a JSON object: got array");
        assertThat(((RowOutcome.Rejected) outcomes.get(3)).rejection())
                .extracting(RowRejection::index, RowRejection::field, RowRejection::rule)
                .containsExactly(3, "extra", "unknown_field");
    }

    @Test
    void wrongTypesNameTheFieldAndTheTypeFound() throws IOException {
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":[\"ham\"]}"))
                .extracting(RowRejection::field, RowRejection::rule, RowRejection::message)
                .containsExactly("label", "wrong_type", "label has the wrong JSON type: expected a string, got array");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"weight\":{\"v\":1}}").message())
                .isEqualTo("weight has the wrong JSON type: expected a number, got object");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"weight\":true}").message()).endsWith("got boolean");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"timestamp\":1764639238}"))
                .extracting(RowRejection::field, RowRejection::rule).containsExactly("timestamp", "wrong_type");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"id\":12}"))
                .extracting(RowRejection::field, RowRejection::rule).containsExactly("id", "wrong_type");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"source\":false}"))
                .extracting(RowRejection::field, RowRejection::rule).containsExactly("source", "wrong_type");
    }

    @Test
    void numbersBeyondRangeAreRefusedByTheRuleTheyBreak() throws IOException {
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"weight\":1e400}"))
                .extracting(RowRejection::field, RowRejection::rule, RowRejection::message)
                .containsExactly("weight", "weight_out_of_range", "weight must be a number > 0 and <= 100: got Infinity");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"weight\":-1e400}").rule()).isEqualTo("weight_out_of_range");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"weight\":123456789012345678901234567890}").rule())
                .isEqualTo("weight_out_of_range");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"weight\":1e-400}").rule())
                .as("underflows to 0, which is not > 0").isEqualTo("weight_out_of_range");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"timestamp\":\"+1000000001-01-01T00:00:00Z\"}"))
                .extracting(RowRejection::field, RowRejection::rule).containsExactly("timestamp", "invalid_timestamp");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"timestamp\":\"2026-13-01T00:00:00Z\"}").rule())
                .isEqualTo("invalid_timestamp");
        assertThat(rejectionOf("{\"text\":\"x\",\"label\":\"ham\",\"timestamp\":1e400}").rule()).isEqualTo("wrong_type");
    }

    @Test
    void theFirstUnknownFieldIsNamedEvenBeforeOtherProblems() throws IOException {
        RowRejection rejection = rejectionOf("{\"txt\":\"x\",\"label\":5,\"other\":1}");

        assertThat(rejection).extracting(RowRejection::field, RowRejection::rule).containsExactly("txt", "unknown_field");
        assertThat(rejection.message()).contains("txt").contains("allowed: id, text, label, weight, source, timestamp");
    }

    @Test
    void readsEveryFieldAndARepeatedFieldsLastValue() throws IOException {
        RawRow row = RowReader.readOne(utf8("{\"id\":\"m1\",\"text\":\"first\",\"label\":\"ham\",\"weight\":2,"
                + "\"source\":\"web\",\"timestamp\":\"2026-11-25T04:17:00Z\",\"text\":\"second\"}"));

        assertThat(row.value(RawRow.Field.TEXT)).isEqualTo("second");
        assertThat(row.value(RawRow.Field.WEIGHT)).isEqualTo(2.0);
        assertThat(row.value(RawRow.Field.ID)).isEqualTo("m1");
        assertThat(row.value(RawRow.Field.SOURCE)).isEqualTo("web");
        assertThat(row.value(RawRow.Field.TIMESTAMP)).isEqualTo("2026-11-25T04:17:00Z");
        assertThat(row.unknownField()).isNull();
        assertThat(row.notAnObjectType()).isNull();
    }

    @Test
    void aRecordValueMustBeExactlyOneWellFormedJsonValue() {
        assertThat(BatchParser.parseRecord(utf8("{\"text\":\"x\",\"label\":\"ham\"}")).isReadable()).isTrue();
        assertThat(BatchParser.parseRecord(utf8("{\"text\":\"x\"} {}")))
                .extracting(ParsedRow::problem, ParsedRow::detail)
                .containsExactly(RejectionRule.MALFORMED_JSON, "more than one JSON value");
        assertThat(BatchParser.parseRecord(utf8("{\"text\":\"x\"")).problem()).isEqualTo(RejectionRule.MALFORMED_JSON);
        assertThat(BatchParser.parseRecord(new byte[] {'{', (byte) 0xff, '}'}))
                .extracting(ParsedRow::problem, ParsedRow::detail).containsExactly(RejectionRule.INVALID_UTF8, "at byte 1");
        assertThatThrownBy(() -> RowReader.readOne(utf8("{\"text\":tru}"))).isInstanceOf(IOException.class)
                .hasMessageContaining("tru");
    }

    @Test
    void theRowsOfOneRequestShareOneIngestedAt() {
        List<RowOutcome> outcomes = preparer.prepareAll(SPEC, Channel.HTTP, parser.parseNdjson(utf8(
                "{\"text\":\"one\",\"label\":\"ham\"}\n{\"text\":1}\n{\"text\":\"two\",\"label\":\"ham\"}\n")));

        assertThat(outcomes).extracting(o -> o.getClass().getSimpleName()).containsExactly("Accepted", "Rejected", "Accepted");
        assertThat(((RowOutcome.Accepted) outcomes.get(0)).example().ingestedAt())
                .isEqualTo(((RowOutcome.Accepted) outcomes.get(2)).example().ingestedAt());
    }

    @Test
    void aRequestsRowsClaimTogetherInOrderAroundRejectedOnes() throws IOException {
        preparer.prepare(SPEC, Channel.HTTP, 0, RowReader.readOne(utf8("{\"text\":\"seen before\",\"label\":\"ham\"}")));

        List<RowOutcome> outcomes = preparer.prepareAll(SPEC, Channel.HTTP, parser.parseNdjson(utf8(
                "{\"text\":\"fresh\",\"label\":\"ham\"}\n"
                        + "not json\n"
                        + "{\"text\":\"Seen  before\",\"label\":\"spam\"}\n"
                        + "{\"text\":\"x\",\"label\":\"nope\"}\n"
                        + "{\"text\":\"fresh \",\"label\":\"spam\"}\n"
                        + "{\"text\":\"also fresh\",\"label\":\"spam\"}\n")));

        assertThat(outcomes).extracting(o -> o.getClass().getSimpleName())
                .containsExactly("Accepted", "Rejected", "Duplicate", "Rejected", "Duplicate", "Accepted");
        assertThat(((RowOutcome.Duplicate) outcomes.get(2)).index()).isEqualTo(2);
        assertThat(((RowOutcome.Duplicate) outcomes.get(4)).index()).as("a repeat within the request").isEqualTo(4);
        assertThat(((RowOutcome.Accepted) outcomes.get(5)).example().label()).isEqualTo("spam");
    }
}
