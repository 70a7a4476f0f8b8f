package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.contracts.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowValidatorTest {

    private static final TaskSpec SPEC = TaskSpec.withDefaults("spam", List.of("ham", "spam"));
    private final RowValidator validator = new RowValidator(16, 8);

    private RowValidator.Outcome validate(String json) throws Exception {
        return validator.validate(7, RowReader.readOne(json.getBytes(StandardCharsets.UTF_8)), SPEC);
    }

    private RowRejection rejection(String json) throws Exception {
        RowValidator.Outcome outcome = validate(json);
        assertThat(outcome.isValid()).as("row %s should be rejected", json).isFalse();
        assertThat(outcome.rejection().index()).isEqualTo(7);
        return outcome.rejection();
    }

    @Test
    void acceptsAFullRow() throws Exception {
        RowValidator.Outcome outcome = validate(
                "{\"id\":\"m1\",\"text\":\"hello\",\"label\":\"ham\",\"weight\":2.5,\"source\":\"web\",\"timestamp\":\"2026-11-25T04:17:00Z\"}");

        assertThat(outcome.isValid()).isTrue();
        assertThat(outcome.row()).isEqualTo(new FeedbackRow("m1", "hello", "ham", 2.5, "web", Instant.parse("2026-11-25T04:17:00Z")));
    }

    @Test
    void acceptsTheMinimalRow() throws Exception {
        assertThat(validate("{\"text\":\"hello\",\"label\":\"spam\"}").row())
                .isEqualTo(new FeedbackRow(null, "hello", "spam", null, null, null));
    }

    @Test
    void namesTheFieldAndRuleOfEveryBadRow() throws Exception {
        assertThat(rejection("[1]")).extracting(RowRejection::field, RowRejection::rule).containsExactly("(row)", "not_an_object");
        assertThat(rejection("{\"label\":\"ham\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("text", "missing_field");
        assertThat(rejection("{\"text\":null,\"label\":\"ham\"}").rule()).isEqualTo("missing_field");
        assertThat(rejection("{\"text\":\"  \\n\",\"label\":\"ham\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("text", "empty_text");
        assertThat(rejection("{\"text\":\"\",\"label\":\"ham\"}").rule()).isEqualTo("empty_text");
        assertThat(rejection("{\"text\":5,\"label\":\"ham\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("text", "wrong_type");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"eggs\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("label", "label_not_in_set");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"ham\",\"weight\":0}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("weight", "weight_out_of_range");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"ham\",\"weight\":101}").rule()).isEqualTo("weight_out_of_range");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"ham\",\"weight\":\"1\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("weight", "wrong_type");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"ham\",\"timestamp\":\"yesterday\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("timestamp", "invalid_timestamp");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"ham\",\"lable\":\"ham\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("lable", "unknown_field");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"ham\",\"id\":\"12345678901234567\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("id", "too_long");
        assertThat(rejection("{\"text\":\"x\",\"label\":\"ham\",\"source\":\"123456789\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("source", "too_long");
        assertThat(rejection("{\"text\":\"a\\u0000b\",\"label\":\"ham\"}")).extracting(RowRejection::field, RowRejection::rule).containsExactly("text", "control_characters");
    }

    @Test
    void theMessageSaysWhatWasWrong() throws Exception {
        assertThat(rejection("{\"text\":\"x\",\"label\":\"eggs\"}").message())
                .isEqualTo("label must be one of the task's labels: 'eggs' is not in [ham, spam]");
    }

    @Test
    void textLongerThanTheTaskAllowsIsRejectedWithBothLengths() throws Exception {
        String text = "a".repeat(SPEC.maxTextChars() + 1);
        RowRejection rejection = rejection("{\"text\":\"" + text + "\",\"label\":\"ham\"}");

        assertThat(rejection.rule()).isEqualTo("text_too_long");
        assertThat(rejection.message()).contains(Integer.toString(SPEC.maxTextChars() + 1)).contains(Integer.toString(SPEC.maxTextChars()));
    }

    @Test
    void tabsAndNewlinesAreOrdinaryText() {
        assertThat(RowValidator.hasControlCharacters("a\tb\r\nc")).isFalse();
        assertThat(RowValidator.hasControlCharacters("a\u0007b")).isTrue();
    }
}
