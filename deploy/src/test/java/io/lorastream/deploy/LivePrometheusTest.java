package io.lorastream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorastream.deploy.model.Dashboards;
import io.lorastream.deploy.model.Repo;
import io.lorastream.deploy.model.Schema;
import io.lorastream.deploy.model.Service;
import io.lorastream.deploy.model.Yaml;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A real Prometheus against the running local system ({@code ./lorastream up}, services on 127.0.0.1:8081–8084):
 * it scrapes the four services under the job names of deploy/prometheus/prometheus.yml with the alert rules loaded,
 * then runs every dashboard query and every alert expression through Prometheus' own engine. Each must be
 * accepted, and every dashboard panel must return data, which holds once the demo has promoted a first champion
 * (before that the registry's champion and download panels are empty). Opt-in, since it needs the running system
 * and the Prometheus binary (Debian's {@code prometheus} package):
 * {@code ./lorastream check dashboards}, which fetches Prometheus (deploy/scripts/fetch-prometheus.sh) and runs
 * {@code ./mvnw -B -pl deploy verify -Dtest=LivePrometheusTest -Dlorastream.prometheus=.cache/prometheus/bin/prometheus}.
 * Each panel's and alert's outcome is printed and written to deploy/target/live-prometheus/report.txt.
 */
@EnabledIfSystemProperty(named = "lorastream.prometheus", matches = ".+")
class LivePrometheusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyQueryRunsOnARealPrometheusAndEveryPanelHasData() throws Exception {
        Path dir = Repo.path("deploy/target/live-prometheus");
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("prometheus.yml"), config());
        deleteTree(dir.resolve("data")); // an earlier run's samples must not count as data now
        Process prometheus = new ProcessBuilder(System.getProperty("lorastream.prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        try {
            waitForTargets(base);
            // rate() needs two samples in its window: let a few 2-second scrapes and rule evaluations happen.
            Thread.sleep(8_000);
            List<String> invalid = new ArrayList<>();
            List<String> empty = new ArrayList<>();
            List<String> report = new ArrayList<>();
            int queries = 0;
            for (Path f : Dashboards.files()) {
                JsonNode d = Dashboards.load(f);
                for (Dashboards.Panel p : Dashboards.panels(d, f.getFileName().toString())) {
                    if (Dashboards.queries(p).isEmpty()) {
                        continue;
                    }
                    int series = 0;
                    boolean refused = false;
                    for (Dashboards.Query q : Dashboards.queries(p)) {
                        queries++;
                        JsonNode answer = query(base, Schema.expandGrafana(q.expr(), Dashboards.variables(d)));
                        if (!"success".equals(answer.path("status").asText())) {
                            invalid.add(q.where() + ": " + answer.path("error").asText());
                            refused = true;
                        }
                        series += answer.path("data").path("result").size();
                    }
                    if (series == 0) {
                        empty.add(p.where());
                    }
                    report.add(verdict(refused, series) + p.where() + ": " + series + " series");
                }
            }
            for (Map.Entry<String, Map<String, Object>> rule : AlertRulesTest.rules().entrySet()) {
                JsonNode answer = query(base, String.valueOf(rule.getValue().get("expr")));
                boolean refused = !"success".equals(answer.path("status").asText());
                if (refused) {
                    invalid.add(rule.getKey() + ": " + answer.path("error").asText());
                }
                // An alert expression usually has no series (nothing is wrong); it must only be accepted.
                report.add((refused ? "REFUSED " : "ok      ") + "alert " + rule.getKey() + ": "
                        + answer.path("data").path("result").size() + " series firing");
            }
            JsonNode rules = get(base + "/api/v1/rules");
            for (JsonNode group : rules.path("data").path("groups")) {
                for (JsonNode r : group.path("rules")) {
                    if (!"ok".equals(r.path("health").asText())) {
                        invalid.add(r.path("name").asText() + ": rule health " + r.path("health").asText() + " " + r.path("lastError").asText());
                    }
                }
            }
            report.add(String.format("%d queries, %d panels without data, %d queries or rules refused", queries, empty.size(), invalid.size()));
            // Printed for ./lorastream check dashboards, and kept beside Prometheus' log.
            Files.write(dir.resolve("report.txt"), report);
            report.forEach(System.out::println);
            assertThat(queries).isGreaterThan(50);
            assertThat(invalid).as("queries Prometheus refused").isEmpty();
            assertThat(empty).as("panels without data (run the demo until a first champion is promoted; a service started"
                    + " before its meters were added needs a restart)").isEmpty();
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String verdict(boolean refused, int series) {
        return refused ? "REFUSED " : series == 0 ? "EMPTY   " : "ok      ";
    }

    /** deploy/prometheus/prometheus.yml's jobs and metrics paths, pointed at the local system on loopback. */
    private static String config() {
        StringBuilder c = new StringBuilder("global:\n  scrape_interval: 2s\n  evaluation_interval: 2s\nrule_files:\n  - ")
                .append(AlertRulesTest.RULES).append("\nscrape_configs:\n");
        for (Object j : Yaml.list(Yaml.loadMap(Repo.path("deploy/prometheus/prometheus.yml")).get("scrape_configs"), "scrape_configs")) {
            Map<String, Object> job = Yaml.map(j, "scrape_configs[]");
            Service s = Service.ALL.stream().filter(x -> x.applicationName().equals(job.get("job_name"))).findFirst().orElseThrow();
            c.append("  - job_name: ").append(job.get("job_name")).append("\n    metrics_path: ").append(job.get("metrics_path"))
                    .append("\n    static_configs:\n      - targets: [\"127.0.0.1:").append(s.port()).append("\"]\n");
        }
        return c.toString();
    }

    private void waitForTargets(String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "Prometheus did not answer";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode targets = get(base + "/api/v1/targets").path("data").path("activeTargets");
                List<String> down = new ArrayList<>();
                for (JsonNode t : targets) {
                    if (!"up".equals(t.path("health").asText())) {
                        down.add(t.path("labels").path("job").asText() + " " + t.path("health").asText() + " " + t.path("lastError").asText());
                    }
                }
                if (targets.size() == Service.ALL.size() && down.isEmpty()) {
                    return;
                }
                last = "targets not up: " + down + " (is ./lorastream up running?)";
            } catch (IOException e) {
                last = "Prometheus did not answer: " + e.getMessage();
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError(last);
    }

    private JsonNode query(String base, String expr) throws Exception {
        return get(base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
