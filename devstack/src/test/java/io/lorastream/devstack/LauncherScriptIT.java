package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lorastream.contracts.TopicSpec;
import io.lorastream.contracts.Topics;
import io.minio.MinioClient;

/**
 * Drives {@code ./lorastream dev ...} as an operator would, against the packaged devstack, on
 * free ports and with its data home under {@code target/}: up, status, use, down, up again.
 */
class LauncherScriptIT {

    private static final Pattern PID = Pattern.compile("\\(pid (\\d+)\\)");

    private final Path script = Path.of(System.getProperty("lorastream.script", "../lorastream")).toAbsolutePath().normalize();
    private final Map<String, String> env = new HashMap<>();
    private Path home;
    private int kafkaPort;
    private int s3Port;

    record Run(int exitCode, String output) {
    }

    @BeforeEach
    void freshHomeAndPorts() throws IOException {
        home = Path.of("target", "launcher-it-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(home);
        kafkaPort = LoopbackPorts.freePort();
        int controllerPort;
        do {
            controllerPort = LoopbackPorts.freePort();
        } while (controllerPort == kafkaPort);
        do {
            s3Port = LoopbackPorts.freePort();
        } while (s3Port == kafkaPort || s3Port == controllerPort);
        env.put("LORASTREAM_HOME", home.toString());
        env.put("LORASTREAM_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("LORASTREAM_KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort));
        env.put("LORASTREAM_S3_PORT", String.valueOf(s3Port));
        // The build already packaged the devstack; a nested Maven run here would only be slow.
        env.put("LORASTREAM_NO_BUILD", "1");
    }

    @AfterEach
    void neverLeaveADevstackBehind() throws Exception {
        lorastream("dev", "down");
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void upStatusDownUpKeepsRecordsAndObjects() throws Exception {
        assertThat(lorastream("dev", "status")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.output()).contains("devstack: not running");
        });

        Run up = lorastream("dev", "up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains(
                "bootstrap servers  127.0.0.1:" + kafkaPort,
                "endpoint           http://127.0.0.1:" + s3Port,
                "access key         lorastream",
                "secret key         lorastream-secret");
        long pid = pidIn(up.output());

        Run again = lorastream("dev", "up");
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).contains("devstack: already running (pid " + pid + ")");

        Run status = lorastream("dev", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("devstack: running (pid " + pid + ")", "127.0.0.1:" + kafkaPort);

        String bootstrap = "127.0.0.1:" + kafkaPort;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listTopics().names().get()).containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
        }
        KafkaTestClients.produce(bootstrap, Topics.TASKS, "spam", "task spec v1");
        MinioClient s3 = S3TestClients.client("http://127.0.0.1:" + s3Port, "lorastream", "lorastream-secret");
        S3TestClients.put(s3, "lorastream", "models/tiny/config.json", "{}");

        Run down = lorastream("dev", "down");
        assertThat(down.exitCode()).isZero();
        assertThat(down.output()).contains("devstack: stopping (pid " + pid + ")", "devstack: stopped");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(lorastream("dev", "status").exitCode()).isEqualTo(3);
        assertThat(Files.readString(home.resolve("logs/devstack.log"))).contains("devstack: stopped");

        Run upAgain = lorastream("dev", "up");
        assertThat(upAgain.exitCode()).as(upAgain.output()).isZero();
        assertThat(KafkaTestClients.consume(bootstrap, Topics.TASKS, 1, Duration.ofSeconds(20)))
                .extracting(ConsumerRecord::value).containsExactly("task spec v1");
        assertThat(S3TestClients.get(s3, "lorastream", "models/tiny/config.json")).isEqualTo("{}");

        assertThat(lorastream("dev", "down").exitCode()).isZero();
    }

    @Test
    void busyPortFailsFastNamingTheVariableToChange() throws Exception {
        try (ServerSocket squatter = new ServerSocket(kafkaPort, 1, LoopbackPorts.address())) {
            Run up = lorastream("dev", "up");

            assertThat(up.exitCode()).isEqualTo(1);
            assertThat(up.output()).contains("Kafka port " + kafkaPort + " on 127.0.0.1 is already in use",
                    "set LORASTREAM_KAFKA_PORT to another port");
        }
        assertThat(lorastream("dev", "status").exitCode()).isEqualTo(3);
    }

    @Test
    void unknownCommandsPrintUsage() throws Exception {
        Run run = lorastream("dev", "sideways");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("unknown dev command 'sideways'", "usage: ./lorastream");
    }

    private Run lorastream(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        // Read while it runs, so a chatty failure cannot fill the pipe and block the script.
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroy();
            throw new AssertionError("./lorastream " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static long pidIn(String output) {
        Matcher matcher = PID.matcher(output);
        assertThat(matcher.find()).as("a pid in: " + output).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
