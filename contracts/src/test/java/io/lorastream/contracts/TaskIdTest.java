package io.lorastream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
