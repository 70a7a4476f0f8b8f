package io.lorastream.evaluator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenSetParserTest {

    private static List<EvalItem> parse(String jsonl) {
        return GoldenSetParser.parse(jsonl.getBytes(StandardCharsets.UTF_8), 100, List.of("ham", "spam"));
    }

    @Test
    void readsOneItemALineAndSkipsBlankLines() {
        List<EvalItem> items = parse("{\"text\":\"win money\",\"label\":\"spam\"}\n\n{\"text\":\"lunch?\",\"label\":\"ham\",\"id\":\"7\"}\n");
        assertThat(items).extracting(EvalItem::label).containsExactly("spam", "ham");
    }

    @Test
    void errorsNameTheLineTheFieldAndTheRule() {
        assertThatThrownBy(() -> parse("{\"text\":\"a\",\"label\":\"ham\"}\n{\"text\":\"b\"}"))
                .isInstanceOf(GoldenSetException.class).hasMessage("line 2: field 'label' is required");
        assertThatThrownBy(() -> parse("{\"text\":\"a\",\"label\":\"eggs\"}"))
                .hasMessageContaining("line 1: label 'eggs' is not in the task's labels [ham, spam]");
        assertThatThrownBy(() -> parse("{\"text\":\"a\",\"label\":\"ham\",\"extra\":1}"))
                .hasMessageContaining("line 1: unknown field 'extra'");
        assertThatThrownBy(() -> parse("{\"text\": 5,\"label\":\"ham\"}"))
                .hasMessageContaining("line 1: field 'text' must be a string");
        assertThatThrownBy(() -> parse("not json")).hasMessageStartingWith("line 1: malformed JSON");
        assertThatThrownBy(() -> parse("\n\n")).hasMessage("the file holds no items");
        assertThatThrownBy(() -> GoldenSetParser.parse(new byte[] {(byte) 0xff, '{'}, 10, null))
                .hasMessage("the file is not valid UTF-8");
    }

    @Test
    void refusesMoreItemsThanAllowed() {
        String line = "{\"text\":\"a\",\"label\":\"ham\"}\n";
        assertThatThrownBy(() -> GoldenSetParser.parse(line.repeat(3).getBytes(StandardCharsets.UTF_8), 2, null))
                .hasMessageContaining("line 3: more than 2 items");
    }
}
