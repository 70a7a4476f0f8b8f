package io.lorastream.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One gate check of an evaluation: what was measured, the threshold it was held to, and the verdict.
 *
 * @param name check name, e.g. {@code quality_floor}, {@code no_regression}, {@code forgetting_retention}
 * @param value the measured value
 * @param threshold the threshold applied
 * @param passed whether the check passed
 * @param detail a sentence saying what was compared (e.g. the worst class and its drop)
 */
public record CheckResult(String name, double value, double threshold, boolean passed, String detail) {

    public CheckResult {
        Require.notBlank(name, "check.name");
    }

    @JsonCreator
    static CheckResult fromJson(@JsonProperty(value = "name", required = true) String name,
                                @JsonProperty(value = "value", required = true) Double value,
                                @JsonProperty(value = "threshold", required = true) Double threshold,
                                @JsonProperty(value = "passed", required = true) Boolean passed,
                                @JsonProperty("detail") String detail) {
        return new CheckResult(name, Require.present(value, "check.value"), Require.present(threshold, "check.threshold"),
                Require.present(passed, "check.passed"), detail);
    }
}
