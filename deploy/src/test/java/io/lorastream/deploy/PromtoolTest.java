package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.deploy.model.Command;
import io.lorastream.deploy.model.Dashboards;
import io.lorastream.deploy.model.Repo;
import io.lorastream.deploy.model.Schema;
import io.lorastream.deploy.model.Yaml;
import io.lorastream.deploy.promql.PromQl;
import io.lorastream.deploy.promql.PromQlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' own tooling over the same files: {@code promtool check} parses the alert rules, the scrape config and
 * every dashboard query (as recording rules) with the real PromQL parser, and {@code promtool test rules} runs the
 * alert unit tests of deploy/prometheus/tests. promtool comes with Debian's {@code prometheus} package; the test
 * finds it through {@code -Dlorastream.promtool}, {@code LORASTREAM_PROMTOOL} or the PATH and is skipped without it.
 * The unit tests' input series are checked against the services' meters either way.
 */
class PromtoolTest {

    static final Path UNIT_TESTS = Repo.path("deploy/prometheus/tests/lorastream-alerts-test.yml");

    @Test
    void everyAlertHasAUnitTestOverSeriesTheServicesExport() {
        Map<String, Object> file = Yaml.loadMap(UNIT_TESTS);
        assertThat(Yaml.list(file.get("rule_files"), "rule_files")).containsExactly("../rules/lorastream-alerts.yml");
        Set<String> tested = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Object t : Yaml.list(file.get("tests"), "tests")) {
            Map<String, Object> test = Yaml.map(t, "tests[]");
            for (Object s : Yaml.list(test.get("input_series"), test.get("name") + ".input_series")) {
                String series = String.valueOf(Yaml.map(s, "input_series[]").get("series"));
                try {
                    PromQl.check(series, Schema.deployment());
                } catch (PromQlException e) {
                    problems.add(test.get("name") + ": " + e.getMessage());
                }
            }
            for (Object a : Yaml.list(test.get("alert_rule_test"), test.get("name") + ".alert_rule_test")) {
                Map<String, Object> check = Yaml.map(a, "alert_rule_test[]");
                if (!Yaml.listOrEmpty(check.get("exp_alerts"), "exp_alerts").isEmpty()) {
                    tested.add(String.valueOf(check.get("alertname")));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(tested).as("alerts with a unit test that makes them fire").containsExactlyInAnyOrderElementsOf(AlertRulesTest.rules().keySet());
    }

    @Test
    void promtoolAcceptsTheRulesTheConfigAndEveryDashboardQuery() throws IOException {
        String promtool = promtool();
        run(promtool, "check", "rules", AlertRulesTest.RULES.toString());
        run(promtool, "check", "config", Repo.path("deploy/prometheus/prometheus.yml").toString());
        // Every dashboard query as a recording rule, so the real parser reads each one.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int n = 0;
        for (Path f : Dashboards.files()) {
            JsonNode d = Dashboards.load(f);
            for (Dashboards.Panel p : Dashboards.panels(d, f.getFileName().toString())) {
                for (Dashboards.Query q : Dashboards.queries(p)) {
                    String expr = Schema.expandGrafana(q.expr(), Dashboards.variables(d));
                    rules.append("      - record: dashboard:query").append(n++).append("\n        expr: ")
                            .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(expr)).append('\n');
                }
            }
        }
        Path generated = Repo.path("deploy/target/promtool/dashboard-queries.yml");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, rules);
        assertThat(run(promtool, "check", "rules", generated.toString())).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void theAlertUnitTestsPass() {
        assertThat(run(promtool(), "test", "rules", UNIT_TESTS.toString())).contains("SUCCESS");
    }

    private static String promtool() {
        String configured = System.getProperty("lorastream.promtool", System.getenv("LORASTREAM_PROMTOOL"));
        if (configured != null && !configured.isBlank()) {
            assertThat(Path.of(configured)).as("-Dlorastream.promtool / LORASTREAM_PROMTOOL").isExecutable();
            return configured;
        }
        Path onPath = Command.onPath("promtool");
        if (onPath != null) {
            return onPath.toString();
        }
        Assumptions.abort("promtool not found (apt-get install prometheus, or -Dlorastream.promtool=<path>)");
        return null;
    }

    /** Runs promtool, failing with its output unless it exits 0. */
    private static String run(String... command) {
        Command.Result r = Command.run(command);
        String out = r.stdout() + r.stderr();
        assertThat(r.exitCode()).as("%s:%n%s", String.join(" ", command), out).isZero();
        return out;
    }
}
