package io.lorastream.deploy.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One lorastream service as its own sources declare it: module, HTTP port, application name (the Prometheus job),
 * metrics and health paths, configuration keys, and whether it loads DJL (libtorch).
 *
 * @param name short name used in compose and Kubernetes ({@code ingest})
 * @param module Maven module folder ({@code ingest-service})
 */
public record Service(String name, String module, int port, String applicationName, String metricsPath,
                      Set<String> healthPaths, ConfigKeys config, boolean usesDjl, String pom) {

    /** The four services, read from the repository. */
    public static final List<Service> ALL = Stream.of("ingest", "trainer", "evaluator", "registry")
            .map(Service::read).toList();

    public static Service named(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + " (known: ingest, trainer, evaluator, registry)"));
    }

    /** Where its fast-jar is built: the build context of its images. */
    public Path fastJar() {
        return Repo.path(module + "/target/quarkus-app");
    }

    private static Service read(String name) {
        String module = name + "-service";
        Path main = Repo.path(module + "/src/main/java");
        Path props = Repo.path(module + "/src/main/resources/application.properties");
        Path mapping = single(main, "@ConfigMapping");
        ConfigKeys config = ConfigKeys.of(mapping, props);
        String pom = Repo.read(module + "/pom.xml");
        String port = require(config, "quarkus.http.port", module);
        String app = require(config, "quarkus.application.name", module);
        String metrics = pom.contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>")
                ? orDefault(config.property("quarkus.micrometer.export.prometheus.path"), "/q/metrics") : null;
        Set<String> health = Set.of();
        if (pom.contains("<artifactId>quarkus-smallrye-health</artifactId>")) {
            String root = "/" + trim(orDefault(config.property("quarkus.http.non-application-root-path"), "q")) + "/"
                    + trim(orDefault(config.property("quarkus.smallrye-health.root-path"), "health"));
            health = Set.of(root, root + "/ready", root + "/live", root + "/started");
        }
        boolean djl = pom.contains("<artifactId>lora</artifactId>");
        return new Service(name, module, Integer.parseInt(port), app, metrics, health, config, djl, pom);
    }

    private static String trim(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String require(ConfigKeys config, String key, String module) {
        String value = config.property(key);
        if (value == null) {
            throw new IllegalStateException(module + "'s application.properties sets no " + key);
        }
        return value;
    }

    /** The one source file under {@code dir} containing {@code marker}. */
    private static Path single(Path dir, String marker) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> Repo.read(p).contains(marker)).toList();
            if (found.size() != 1) {
                throw new IllegalStateException(dir + ": expected one class with " + marker + ", found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Main sources of the module. */
    public List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(Repo.path(module + "/src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
