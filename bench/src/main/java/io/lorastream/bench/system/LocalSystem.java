package io.lorastream.bench.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where the running local system ({@code ./lorastream up}) is: the services' loopback endpoints, the
 * broker, its tokens (from {@code tokens.env}) and its processes (from the launcher's pid files).
 * Benchmarks that measure the whole pipeline run against it rather than starting their own copy, so
 * they measure what an operator runs.
 */
public record LocalSystem(Path home, URI ingest, URI trainer, URI evaluator, URI registry, String bootstrapServers,
                          Map<String, String> tokens) {

    /** The launcher's service names, which are also its pid-file names. */
    public static final String[] SERVICES = {"ingest-service", "trainer-service", "evaluator-service", "registry-service"};

    /** The system whose data folder is {@code LORASTREAM_HOME} (default {@code .lorastream}), on the default ports. */
    public static LocalSystem fromEnvironment() throws IOException {
        Path home = Path.of(System.getenv().getOrDefault("LORASTREAM_HOME", ".lorastream")).toAbsolutePath();
        Path tokensFile = home.resolve("tokens.env");
        if (!Files.exists(tokensFile)) {
            throw new IllegalStateException("no " + tokensFile + ": start the local system first (./lorastream up)");
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String line : Files.readAllLines(tokensFile)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                tokens.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return new LocalSystem(home, URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"),
                URI.create("http://127.0.0.1:8083"), URI.create("http://127.0.0.1:8084"), "127.0.0.1:9092",
                Map.copyOf(tokens));
    }

    /** The admin token that may create tasks. */
    public String adminToken() {
        return require("LORASTREAM_ADMIN_TOKEN");
    }

    /** The token the registry-client reads champions with. */
    public String readToken() {
        return require("LORASTREAM_READ_TOKEN");
    }

    /** The producer token for ingest, or null on a system that does not ask for one. */
    public String ingestToken() {
        return tokens.get("LORASTREAM_INGEST_TOKEN");
    }

    /** The pid of a running service, from the launcher's pid file; empty when it does not run. */
    public OptionalLong pid(String service) throws IOException {
        Path file = home.resolve("run").resolve(service + ".pid");
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        long pid = Long.parseLong(Files.readString(file).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    private String require(String name) {
        String value = tokens.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " missing from " + home.resolve("tokens.env"));
        }
        return value;
    }
}
