package io.lorastream.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code <service>/target/quarkus-app/quarkus-run.jar}) as its own operating-system
 * process, on a fixed loopback port and a fixed home folder, so that a restart after {@link #kill()} finds the
 * same port and data. Each start writes its own log file ({@code <name>-<n>.log} in the home folder).
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final int port;
    private final Path home;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final ApiClient http = new ApiClient();
    private Process process;
    private Path log;
    private int starts;

    /**
     * @param properties {@code -D} settings (no secrets: the command line is visible to {@code ps})
     * @param environment environment variables, where tokens go, as the launcher's {@code service_env} does
     */
    ServiceProcess(String name, Path jar, int port, Path home, List<String> jvmOptions, Map<String, String> properties,
                   Map<String, String> environment) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.home = home;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.properties = new LinkedHashMap<>(properties);
        this.environment = Map.copyOf(environment);
    }

    String name() {
        return name;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the JVM; returns without waiting for readiness (see {@link #awaitReady}). */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged " + name + " at " + jar
                    + ": build it first (./mvnw -B -pl system-tests -am install -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(home);
            log = home.resolve(name + "-" + (++starts) + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once, with the log's tail, if the process died. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " while starting; log " + log
                        + " ends with:\n" + logTail(30));
            }
            status = http.status(url().resolve("/q/health/ready"));
            if (status == 200) {
                return;
            }
            Await.sleep(200);
        }
        throw new AssertionError(name + " not ready within " + timeout + " (last readiness status " + status + "); log "
                + log + " ends with:\n" + logTail(30));
    }

    /** SIGKILL of the process this object started, by its pid: no shutdown hook, no flush, no commit. */
    synchronized void kill() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        long pid = process.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + pid + ") still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills and starts again on the same port and home, then waits until ready. */
    void restart(Duration readyTimeout) {
        kill();
        start();
        awaitReady(readyTimeout);
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** True when the current run's log has a line containing every one of {@code fragments}. */
    boolean logHasLine(String... fragments) {
        return readLog().lines().anyMatch(line -> java.util.Arrays.stream(fragments).allMatch(line::contains));
    }

    String logTail(int lines) {
        List<String> all = readLog().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String readLog() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void close() {
        if (isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + "[" + url() + ", pid " + (process == null ? "-" : process.pid()) + ", log " + log + "]";
    }
}
