package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.deploy.model.Compose;
import io.lorastream.deploy.model.Dashboards;
import io.lorastream.deploy.model.Repo;
import io.lorastream.deploy.model.Schema;
import io.lorastream.deploy.model.Service;
import io.lorastream.deploy.model.Yaml;
import io.lorastream.deploy.promql.PromQl;
import io.lorastream.deploy.promql.PromQlException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboards are Grafana JSON that a provisioned Grafana loads, and every query in them reads real series. */
class GrafanaDashboardsTest {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    private final Schema schema = Schema.deployment();

    @Test
    void dashboardsAreGrafanaJsonWithUniqueIdsAndALayout() {
        assertThat(Dashboards.files()).hasSizeGreaterThanOrEqualTo(5);
        Set<String> uids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            String name = file.getFileName().toString();
            JsonNode d = Dashboards.load(file);
            if (!d.path("uid").isTextual() || !uids.add(d.path("uid").asText())) {
                problems.add(name + ": missing or duplicate uid " + d.path("uid"));
            }
            if (d.path("uid").asText().length() > 40) {
                problems.add(name + ": uid longer than Grafana's 40 characters");
            }
            if (!d.path("title").isTextual() || d.path("schemaVersion").asInt() < 36 || d.has("id") && !d.get("id").isNull()) {
                problems.add(name + ": needs a title, schemaVersion >= 36 and no fixed numeric id (provisioning assigns it)");
            }
            Set<Integer> ids = new HashSet<>();
            for (Dashboards.Panel p : Dashboards.panels(d, name)) {
                JsonNode grid = p.node().path("gridPos");
                if (!p.node().path("id").isInt() || !ids.add(p.node().path("id").asInt())) {
                    problems.add(p.where() + ": missing or duplicate panel id");
                }
                if (p.title().isBlank() || p.type().isBlank()) {
                    problems.add(p.where() + ": needs a title and a type");
                }
                int x = grid.path("x").asInt(-1);
                int w = grid.path("w").asInt(0);
                if (x < 0 || w < 1 || x + w > 24 || grid.path("h").asInt(0) < 1 || grid.path("y").asInt(-1) < 0) {
                    problems.add(p.where() + ": gridPos " + grid + " is outside Grafana's 24-column grid");
                }
                if (!p.type().equals("row") && !p.type().equals("text") && Dashboards.queries(p).isEmpty()) {
                    problems.add(p.where() + ": a " + p.type() + " panel without a query shows nothing");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDatasourceIsTheProvisionedPrometheus() {
        Set<String> provisioned = provisionedPrometheusUids();
        assertThat(provisioned).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            collectDatasources(Dashboards.load(file), file.getFileName().toString(), provisioned, problems);
        }
        assertThat(problems).isEmpty();
    }

    private static void collectDatasources(JsonNode node, String where, Set<String> provisioned, List<String> problems) {
        if (node.isObject()) {
            JsonNode ds = node.get("datasource");
            if (ds != null && !ds.isNull()) {
                String type = ds.path("type").asText();
                String uid = ds.path("uid").asText();
                boolean builtIn = type.equals("grafana") && uid.equals("-- Grafana --");
                if (!builtIn && !(type.equals("prometheus") && provisioned.contains(uid))) {
                    problems.add(where + " \"" + node.path("title").asText(node.path("name").asText()) + "\": datasource " + ds
                            + " is not the provisioned Prometheus " + provisioned);
                }
            }
            node.fields().forEachRemaining(e -> collectDatasources(e.getValue(), where, provisioned, problems));
        } else if (node.isArray()) {
            node.forEach(n -> collectDatasources(n, where, provisioned, problems));
        }
    }

    static Set<String> provisionedPrometheusUids() {
        Map<String, Object> config = Yaml.loadMap(Repo.path("deploy/grafana/provisioning/datasources/prometheus.yml"));
        Set<String> uids = new TreeSet<>();
        for (Object ds : Yaml.list(config.get("datasources"), "datasources")) {
            Map<String, Object> d = Yaml.map(ds, "datasources[]");
            if ("prometheus".equals(d.get("type"))) {
                uids.add(Yaml.string(d.get("uid"), "datasources[].uid"));
            }
        }
        return uids;
    }

    @Test
    void everyQueryIsValidPromQlOverSeriesTheServicesExport() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.load(file);
            List<String> variables = Dashboards.variables(d);
            for (Dashboards.Panel p : Dashboards.panels(d, file.getFileName().toString())) {
                for (Dashboards.Query q : Dashboards.queries(p)) {
                    checked++;
                    if (q.expr().isBlank()) {
                        problems.add(q.where() + ": empty expr");
                        continue;
                    }
                    try {
                        PromQl.Result r = PromQl.check(Schema.expandGrafana(q.expr(), variables), schema);
                        legendProblems(q, r, problems);
                    } catch (PromQlException | IllegalStateException e) {
                        problems.add(q.where() + ": " + e.getMessage());
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
        assertThat(problems).isEmpty();
    }

    /** A legend's {{label}} must be a label the query's result keeps, else every series shows the same empty name. */
    private static void legendProblems(Dashboards.Query q, PromQl.Result r, List<String> problems) {
        Matcher m = LEGEND_LABEL.matcher(q.target().path("legendFormat").asText());
        while (m.find()) {
            if (r.labels() != null && !r.labels().contains(m.group(1))) {
                problems.add(q.where() + ": legend names {{" + m.group(1) + "}} but the query keeps only " + r.labels());
            }
        }
    }

    @Test
    void templateVariablesListLabelsOfRealSeries() {
        List<String> problems = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.load(file);
            for (JsonNode v : d.path("templating").path("list")) {
                String where = file.getFileName() + " variable " + v.path("name").asText();
                if (!v.path("type").asText().equals("query")) {
                    continue;
                }
                String query = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
                Matcher m = LABEL_VALUES.matcher(query.strip());
                if (!m.matches()) {
                    problems.add(where + ": query " + query + " is not label_values(<selector>, <label>)");
                    continue;
                }
                try {
                    PromQl.Result r = PromQl.check(m.group(1), schema);
                    if (!r.labels().contains(m.group(2))) {
                        problems.add(where + ": " + m.group(1) + " has no label " + m.group(2));
                    }
                } catch (PromQlException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void grafanaInComposeLoadsTheseFilesFromTheProvisionedPaths() {
        Map<String, Object> grafana = Compose.services().get("grafana");
        Map<String, String> mounts = Compose.bindMounts(grafana, "grafana");
        String dashboards = mounts.get("./deploy/grafana/dashboards");
        assertThat(mounts).containsKey("./deploy/grafana/provisioning");
        assertThat(mounts.get("./deploy/grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");

        Map<String, Object> provider = Yaml.map(Yaml.list(Yaml.loadMap(Repo.path("deploy/grafana/provisioning/dashboards/lorastream.yml"))
                .get("providers"), "providers").get(0), "providers[0]");
        assertThat(Yaml.map(provider.get("options"), "options").get("path")).as("provider path = compose mount").isEqualTo(dashboards);

        String home = String.valueOf(Compose.environment(grafana, "grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertThat(home).startsWith(dashboards + "/");
        assertThat(Dashboards.DIR.resolve(home.substring(dashboards.length() + 1))).isRegularFile();

        // The data source reaches the compose Prometheus at its service name and port.
        Map<String, Object> ds = Yaml.map(Yaml.list(Yaml.loadMap(Repo.path("deploy/grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources"), "datasources").get(0), "datasources[0]");
        assertThat(ds.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(Compose.services()).containsKey("prometheus");
        assertThat(Compose.publishedPorts(Compose.services().get("prometheus"), "prometheus")).contains(9090);
    }

    @Test
    void theOverviewShowsEveryStageOfThePipeline() {
        Set<String> metrics = metricsOf("lorastream-overview.json");
        assertThat(metrics).as("ingest rate and rejections by reason").contains("lorastream_ingest_examples_accepted_total",
                "lorastream_ingest_examples_rejected_total");
        assertThat(metrics).as("lag per service").contains("lorastream_trainer_consumer_lag_records",
                "lorastream_evaluator_candidates_backlog");
        assertThat(metrics).as("training jobs and loss").contains("lorastream_trainer_jobs_succeeded_total",
                "lorastream_trainer_jobs_failed_total", "lorastream_trainer_final_loss");
        assertThat(metrics).as("evaluation metrics and verdicts").contains("lorastream_evaluator_last_metric_ratio",
                "lorastream_evaluator_decisions_total");
        assertThat(metrics).as("champion version per task, registry downloads").contains("lorastream_registry_champion_info",
                "lorastream_registry_download_bytes_total");
    }

    @Test
    void eachServiceHasADashboardOfItsOwnSeries() {
        for (Service s : Service.ALL) {
            Set<String> metrics = metricsOf("lorastream-" + s.name() + ".json");
            Set<String> own = new TreeSet<>();
            for (String m : metrics) {
                if (s.name().equals(schema.catalog().serviceOf(m))) {
                    own.add(m);
                }
            }
            assertThat(own).as("%s's dashboard shows its own meters", s.module()).hasSizeGreaterThanOrEqualTo(6);
            assertThat(metrics).as("%s's dashboard shows its HTTP and JVM", s.module())
                    .contains("http_server_requests_seconds_count", "jvm_memory_used_bytes");
        }
    }

    private Set<String> metricsOf(String file) {
        Path path = Dashboards.DIR.resolve(file);
        assertThat(path).isRegularFile();
        JsonNode d = Dashboards.load(path);
        Set<String> metrics = new TreeSet<>();
        for (Dashboards.Panel p : Dashboards.panels(d, file)) {
            for (Dashboards.Query q : Dashboards.queries(p)) {
                metrics.addAll(PromQl.check(Schema.expandGrafana(q.expr(), Dashboards.variables(d)), schema).metrics());
            }
        }
        return metrics;
    }
}
