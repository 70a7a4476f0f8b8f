package io.lorastream.deploy.model;

import io.lorastream.deploy.promql.PromQl;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The PromQL schema of a lorastream deployment: the services' series and the scrape jobs of prometheus.yml. */
public final class Schema implements PromQl.Schema {

    private static volatile Schema instance;

    private final MeterCatalog catalog;
    private final Set<String> jobs;

    private Schema(MeterCatalog catalog, Set<String> jobs) {
        this.catalog = catalog;
        this.jobs = jobs;
    }

    public static Schema deployment() {
        if (instance == null) {
            instance = new Schema(MeterCatalog.services(), scrapeJobs());
        }
        return instance;
    }

    public MeterCatalog catalog() {
        return catalog;
    }

    /** The job names of deploy/prometheus/prometheus.yml. */
    public static Set<String> scrapeJobs() {
        Map<String, Object> config = Yaml.loadMap(Repo.path("deploy/prometheus/prometheus.yml"));
        Set<String> jobs = new LinkedHashSet<>();
        for (Object job : Yaml.list(config.get("scrape_configs"), "scrape_configs")) {
            jobs.add(Yaml.string(Yaml.map(job, "scrape_configs[]").get("job_name"), "job_name"));
        }
        return jobs;
    }

    @Override
    public Set<String> labelsOf(String series) {
        return catalog.labelsOf(series);
    }

    @Override
    public Set<String> jobs() {
        return jobs;
    }

    /**
     * Labels whose values Prometheus or Micrometer write, or that carry data (task ids, versions, partitions, topic
     * names from contracts), not values of the services' code.
     */
    private static final Set<String> WRITTEN_BY_OTHERS = Set.of("job", "instance", "le", "quantile", "task", "version",
            "partition", "topic");

    /**
     * A lorastream series compared with {@code label="value"}: the value must be written somewhere in the exporting
     * service's sources, as a string literal or as an enum constant the metrics class lower-cases
     * ({@code Outcome.FAILED} → {@code failed}). The framework's own series are not checked.
     */
    @Override
    public String valueProblem(String series, String label, String value) {
        String service = catalog.serviceOf(series);
        if (service == null || service.startsWith("(") || WRITTEN_BY_OTHERS.contains(label)) {
            return null;
        }
        String sources = sources(service);
        if (sources.contains("\"" + value + "\"")
                || Pattern.compile("\\b" + Pattern.quote(value.toUpperCase(Locale.ROOT)) + "\\b").matcher(sources).find()) {
            return null;
        }
        return series + "{" + label + "=\"" + value + "\"} can never match: the " + service
                + "-service never writes \"" + value + "\" (no such string literal or enum constant in its sources)";
    }

    private final Map<String, String> sourcesByService = new ConcurrentHashMap<>();

    private String sources(String service) {
        return sourcesByService.computeIfAbsent(service, name -> {
            StringBuilder all = new StringBuilder();
            for (Path file : Service.named(name).mainSources()) {
                all.append(Repo.read(file)).append('\n');
            }
            return all.toString();
        });
    }

    /** Grafana's variables replaced by values PromQL accepts: intervals by 5m, {@code $task} by a regex. */
    public static String expandGrafana(String expr, List<String> variables) {
        String out = expr.replace("$__rate_interval", "5m").replace("$__interval", "5m").replace("$__range", "1h")
                .replace("${__rate_interval}", "5m").replace("${__interval}", "5m").replace("${__range}", "1h");
        for (String v : variables) {
            out = out.replace("${" + v + "}", ".*").replace("$" + v, ".*");
        }
        if (out.contains("$")) {
            throw new IllegalStateException("unknown Grafana variable in: " + expr);
        }
        return out;
    }
}
