package io.lorastream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"spam", "a", "0", "spam-filter-2", "a23456789012345678901234567890123456789012345678901234567890123"})
    void acceptsLowercaseIdsUpTo63Characters(String id) {
        assertThat(TaskId.require(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-spam", "Spam", "spam_filter", "spam/filter", "../etc", "spam filter", "spam.filter",
            "a234567890123456789012345678901234567890123456789012345678901234", "späm"})
    void rejectsAnythingElseNamingTheRule(String id) {
        assertThatThrownBy(() -> TaskId.require(id))
                .isInstanceOf(TaskId.InvalidTaskIdException.class)
                .hasMessageContaining(TaskId.RULE);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> TaskId.require(null)).hasMessageContaining("(null)");
    }

    @Test
    void agreesWithTheRuleAsARegexOnEveryCharacterAndOnRandomIds() {
        Pattern rule = Pattern.compile(TaskId.RULE);
        for (char c = 0; c < 0x300; c++) {
            for (String id : new String[] {String.valueOf(c), "a" + c, c + "a", "a" + c + "b"}) {
                assertThat(TaskId.isValid(id)).as("'%s' (U+%04X)", id, (int) c).isEqualTo(rule.matcher(id).matches());
            }
        }
        String alphabet = "abz09-_A./ é";
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(70);
            for (int i = 0; i < length; i++) {
                id.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 6 : alphabet.length())));
            }
            assertThat(TaskId.isValid(id.toString())).as("'%s'", id).isEqualTo(rule.matcher(id).matches());
        }
    }
}
