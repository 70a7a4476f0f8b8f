package io.lorastream.deploy.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromQlTest {

    /** A small world: a counter, a histogram, a gauge, and two jobs. */
    static final PromQl.Schema SCHEMA = new PromQl.Schema() {
        final Map<String, Set<String>> series = Map.of(
                "rows_total", Set.of("task", "reason", "job", "instance"),
                "req_seconds_bucket", Set.of("task", "le", "job", "instance"),
                "req_seconds_count", Set.of("task", "job", "instance"),
                "champion_info", Set.of("task", "version", "job", "instance"),
                "up", Set.of("job", "instance"));

        @Override
        public Set<String> labelsOf(String name) {
            return series.get(name);
        }

        @Override
        public Set<String> jobs() {
            return Set.of("lorastream-ingest", "lorastream-registry");
        }

        @Override
        public String valueProblem(String series, String label, String value) {
            return label.equals("reason") && !Set.of("too_long", "bad_label").contains(value)
                    ? "no row is ever rejected for reason " + value : null;
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {
            "rows_total",
            "sum by (task, reason) (rate(rows_total{task=~\".*\"}[5m]))",
            "rows_total{reason=\"too_long\"} or rows_total{reason=~\"any.*\"}",
            "sum(rate(rows_total[5m])) by (task)",
            "histogram_quantile(0.99, sum by (le, task) (rate(req_seconds_bucket[5m])))",
            "max by (task) (champion_info) > 24 * 3600 and on (task) sum by (task) (increase(rows_total[24h])) > 0",
            "sum by (task) (increase(rows_total[1h])) unless on (task) champion_info",
            "deriv(sum by (job) (rows_total)[30m:1m]) > 0",
            "up{job=~\"lorastream-.*\"} == 0",
            "rows_total / on (task) group_left (version) champion_info",
            "label_replace(rows_total, \"t\", \"$1\", \"task\", \"(.*)\") offset 5m",
            "topk(3, rows_total) or vector(0)",
            "-rows_total ^ 2 % 3",
            "count_values(\"v\", champion_info)",
            "1 > bool 2",
            "# a comment\nrows_total @ 1700000000",
    })
    void validExpressionsPass(String expr) {
        PromQl.check(expr, SCHEMA);
    }

    @Test
    void resultLabelsFollowAggregationAndMatching() {
        assertThat(PromQl.check("sum by (task) (rate(rows_total[5m]))", SCHEMA).labels()).containsExactly("task");
        assertThat(PromQl.check("sum without (reason) (rows_total)", SCHEMA).labels())
                .containsExactlyInAnyOrder("task", "job", "instance");
        assertThat(PromQl.check("histogram_quantile(0.5, sum by (le, task) (rate(req_seconds_bucket[5m])))", SCHEMA).labels())
                .containsExactly("task");
        assertThat(PromQl.check("rows_total", SCHEMA).metrics()).containsExactly("rows_total");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "row_total                                               | no service exports a metric named row_total",
            "rows_total{reson=\"x\"}                                 | rows_total has no label reson",
            "sum by (reson) (rows_total)                             | names label reson",
            "sum by (task) (rate(rows_total[5m])) by (task)          | unexpected 'by'",
            "rate(rows_total)                                        | argument 1 must be a range",
            "rate(sum(rows_total)[5m])                               | not a metric selector",
            "ratee(rows_total[5m])                                   | unknown function ratee()",
            "histogram_quantile(0.9, rate(req_seconds_count[5m]))    | names label le",
            "up{job=\"lorastream-trainer\"}                          | matches no scrape job",
            "sum(rate(rows_total[5m])                                | expected ')'",
            "rate(rows_total[5x])                                    | expected a duration",
            "rows_total[5m]                                          | not an instant vector or scalar",
            "1 > 2                                                   | need bool",
            "rows_total / on (version) champion_info                 | names label version",
            "rows_total and 1                                        | needs instant vectors on both sides",
            "sum by (task) (rows_total) / sum by (task) (champion_info) > 0 and on (version) champion_info | names label version",
            "rows_total{task=~\"(\"}                                 | invalid regex",
            "topk(rows_total)                                        | takes 2 argument(s)",
            "rows_total{reason=\"too_lng\"}                          | rejected for reason too_lng",
    })
    void mistakesFailWithAClearMessage(String expr, String message) {
        assertThatThrownBy(() -> PromQl.check(expr, SCHEMA)).isInstanceOf(PromQlException.class).hasMessageContaining(message);
    }
}
