package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lorastream.deploy.model.Compose;
import io.lorastream.deploy.model.Repo;
import io.lorastream.deploy.model.Schema;
import io.lorastream.deploy.model.Yaml;
import io.lorastream.deploy.promql.PromQl;
import io.lorastream.deploy.promql.PromQlException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The alert rules load in Prometheus, read real series, and point operators at a runbook that exists. */
class AlertRulesTest {

    static final Path RULES = Repo.path("deploy/prometheus/rules/lorastream-alerts.yml");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|[smhdwy]))+");
    private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    /** Keys Prometheus accepts in an alerting rule; anything else fails its rule loading. */
    private static final Set<String> RULE_KEYS = Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    /** Alert name → rule. */
    static Map<String, Map<String, Object>> rules() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Set<String> groups = new HashSet<>();
        for (Object g : Yaml.list(Yaml.loadMap(RULES).get("groups"), "groups")) {
            Map<String, Object> group = Yaml.map(g, "groups[]");
            String name = Yaml.string(group.get("name"), "groups[].name");
            assertThat(groups.add(name)).as("group name %s is unique", name).isTrue();
            for (Object r : Yaml.list(group.get("rules"), name + ".rules")) {
                Map<String, Object> rule = Yaml.map(r, name + ".rules[]");
                String alert = Yaml.string(rule.get("alert"), name + ".rules[].alert (recording rules belong elsewhere)");
                assertThat(out.put(alert, rule)).as("alert %s is defined once", alert).isNull();
            }
        }
        return out;
    }

    @Test
    void everyRuleIsValidPromQlOverRealSeriesWithWellFormedFields() {
        Schema schema = Schema.deployment();
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
        rules.forEach((alert, rule) -> {
            if (!RULE_KEYS.containsAll(rule.keySet())) {
                problems.add(alert + ": unknown keys " + rule.keySet());
            }
            if (rule.containsKey("for") && !DURATION.matcher(String.valueOf(rule.get("for"))).matches()) {
                problems.add(alert + ": for: " + rule.get("for") + " is not a Prometheus duration");
            }
            Map<String, Object> labels = Yaml.mapOrEmpty(rule.get("labels"), alert + ".labels");
            if (!SEVERITIES.contains(String.valueOf(labels.get("severity")))) {
                problems.add(alert + ": severity must be one of " + SEVERITIES + ", got " + labels.get("severity"));
            }
            Map<String, Object> annotations = Yaml.mapOrEmpty(rule.get("annotations"), alert + ".annotations");
            for (String key : List.of("summary", "description", "runbook")) {
                if (!(annotations.get(key) instanceof String s) || s.isBlank()) {
                    problems.add(alert + ": annotation " + key + " is missing");
                }
            }
            PromQl.Result result;
            try {
                result = PromQl.check(Yaml.string(rule.get("expr"), alert + ".expr"), schema);
            } catch (PromQlException | IllegalStateException e) {
                problems.add(alert + ": " + e.getMessage());
                return;
            }
            if (result.type() != PromQl.Type.INSTANT) {
                problems.add(alert + ": the expression is a scalar, an alert needs a vector");
            }
            // {{ $labels.x }} in a text must be a label the alert's series keep, or the text reads "<no value>".
            for (Object text : annotations.values()) {
                Matcher m = TEMPLATE_LABEL.matcher(String.valueOf(text));
                while (m.find()) {
                    if (result.labels() != null && !result.labels().contains(m.group(1))) {
                        problems.add(alert + ": annotation names $labels." + m.group(1) + " but the alert's series keep only "
                                + result.labels());
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void configKeysNamedInTheTextsAreRealKeys() {
        Pattern key = Pattern.compile("lorastream\\.(ingest|trainer|evaluator|registry)\\.[a-z0-9][a-z0-9.-]*[a-z0-9]");
        List<String> problems = new ArrayList<>();
        rules().forEach((alert, rule) -> {
            Matcher m = key.matcher(String.valueOf(rule.get("annotations")));
            while (m.find()) {
                if (!io.lorastream.deploy.model.Service.named(m.group(1)).config().hasKey(m.group())) {
                    problems.add(alert + ": names " + m.group() + ", which is no configuration key of the " + m.group(1) + "-service");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRunbookIsAHeadingOfTheOperationsPage() {
        Set<String> anchors = anchors(Repo.read("docs/operations.md"));
        List<String> problems = new ArrayList<>();
        rules().forEach((alert, rule) -> {
            String runbook = String.valueOf(Yaml.mapOrEmpty(rule.get("annotations"), alert).get("runbook"));
            if (!runbook.startsWith("docs/operations.md#") || !anchors.contains(runbook.substring(runbook.indexOf('#') + 1))) {
                problems.add(alert + ": runbook " + runbook + " is no heading of docs/operations.md");
            }
        });
        assertThat(problems).isEmpty();
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
                out.add(heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    @Test
    void theIssuesAlertsExist() {
        assertThat(rules()).containsKeys(
                "LorastreamNoPromotion",            // no promotion for a task in N hours
                "LorastreamConsumerLagGrowing",     // consumer lag growing
                "LorastreamEvaluatorBacklogGrowing",
                "LorastreamIngestRejectionSpike",   // rejection rate spike
                "LorastreamEvaluatorRejectionSpike",
                "LorastreamTrainingFailures",       // training failures
                "LorastreamRegistryErrors",         // registry errors
                "LorastreamDlqGrowing",             // DLQ growth
                "LorastreamServiceDown");
    }

    @Test
    void prometheusInComposeLoadsTheRulesAndTheConfig() {
        Map<String, Object> prometheus = Compose.services().get("prometheus");
        Map<String, String> mounts = Compose.bindMounts(prometheus, "prometheus");
        assertThat(mounts).containsEntry("./deploy/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
        String rulesDir = mounts.get("./deploy/prometheus/rules");
        assertThat(rulesDir).isNotNull();
        List<Object> ruleFiles = Yaml.list(Yaml.loadMap(Repo.path("deploy/prometheus/prometheus.yml")).get("rule_files"), "rule_files");
        boolean loaded = ruleFiles.stream().map(String::valueOf).anyMatch(glob -> glob.startsWith(rulesDir + "/")
                && java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(rulesDir.length() + 1))
                        .matches(RULES.getFileName()));
        assertThat(loaded).as("rule_files %s load %s mounted at %s", ruleFiles, RULES.getFileName(), rulesDir).isTrue();
        assertThat(Yaml.list(prometheus.get("command"), "command")).contains("--config.file=/etc/prometheus/prometheus.yml");
    }
}
