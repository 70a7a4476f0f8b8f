package io.lorastream.deploy.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards of deploy/grafana/dashboards: their panels (rows' nested panels included) and queries. */
public final class Dashboards {

    public static final Path DIR = Repo.path("deploy/grafana/dashboards");

    /** Duplicate keys are refused: Grafana would silently keep the last one. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /** One panel of a dashboard. */
    public record Panel(String dashboard, JsonNode node) {
        public String title() {
            return node.path("title").asText();
        }

        public String type() {
            return node.path("type").asText();
        }

        public String where() {
            return dashboard + " panel \"" + title() + "\"";
        }
    }

    /** One PromQL query of a panel. */
    public record Query(Panel panel, JsonNode target) {
        public String expr() {
            return target.path("expr").asText();
        }

        public String where() {
            return panel.where() + " target " + target.path("refId").asText("?");
        }
    }

    private Dashboards() {
    }

    public static List<Path> files() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode load(Path file) {
        try {
            return JSON.readTree(Repo.read(file));
        } catch (IOException e) {
            throw new IllegalStateException(Repo.root().relativize(file) + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every panel, the panels of collapsed rows included. */
    public static List<Panel> panels(JsonNode dashboard, String name) {
        List<Panel> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(new Panel(name, p));
            for (JsonNode nested : p.path("panels")) {
                out.add(new Panel(name, nested));
            }
        }
        return out;
    }

    public static List<Query> queries(Panel panel) {
        List<Query> out = new ArrayList<>();
        for (JsonNode t : panel.node().path("targets")) {
            out.add(new Query(panel, t));
        }
        return out;
    }

    /** The names of the dashboard's template variables. */
    public static List<String> variables(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            out.add(v.path("name").asText());
        }
        return out;
    }
}
