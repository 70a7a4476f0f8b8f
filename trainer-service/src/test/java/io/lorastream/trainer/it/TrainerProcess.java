package io.lorastream.trainer.it;

import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged trainer-service as a real operating-system process, to be killed with SIGKILL. */
final class TrainerProcess implements AutoCloseable {

    private final Path runner = Path.of(System.getProperty("lorastream.trainer.runner", "target/quarkus-app/quarkus-run.jar"));
    private final DevStack stack;
    private final Path home;
    private final int port = LoopbackPorts.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int starts;

    TrainerProcess(DevStack stack, Path home) {
        this.stack = stack;
        this.home = home;
    }

    void start() throws IOException {
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("no packaged trainer at " + runner + ": run the integration tests with ./mvnw verify");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Djava.net.preferIPv4Stack=true", "-Dai.djl.offline=true",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + stack.bootstrapServers(),
                "-Dlorastream.s3.endpoint=" + stack.s3Endpoint(),
                "-Dlorastream.s3.access-key=" + stack.accessKey(),
                "-Dlorastream.s3.secret-key=" + stack.secretKey(),
                "-Dlorastream.s3.bucket=" + stack.bucket(),
                "-Dlorastream.home=" + home,
                "-Dlorastream.trainer.auth.admin-tokens=crash-test",
                "-Dlorastream.trainer.retry.initial-backoff=200ms",
                "-Dlorastream.trainer.retry.max-backoff=1s",
                // A SIGKILLed member is noticed after the session timeout: keep the restart quick.
                "-Dlorastream.trainer.kafka.client-properties.\"session.timeout.ms\"=6000",
                "-Dlorastream.trainer.kafka.client-properties.\"heartbeat.interval.ms\"=1000",
                "-jar", runner.toString()));
        Path log = home.resolve("trainer-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL: no shutdown hook, no commit, no clean-up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** GET a path of the admin API; null while the service does not answer 200. */
    String get(String path) {
        HttpResponse<String> response = request(path);
        return response != null && response.statusCode() == 200 ? response.body() : null;
    }

    /** The status code of a GET, or -1 while the service does not answer. */
    int status(String path) {
        HttpResponse<String> response = request(path);
        return response == null ? -1 : response.statusCode();
    }

    private HttpResponse<String> request(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
