package io.lorastream.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one process) on 127.0.0.1.
 * It can be stopped and started again on the same ports with the same data, which is how
 * tests simulate a Kafka outage.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    /** Node id of the only broker and controller. */
    static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    /** Bounds the wait for a started broker to answer clients; a cold start takes 2–5 s. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param dataDir folder holding {@code server.properties} and the log directory; created if missing
     * @param port the client listener port
     * @param controllerPort the KRaft controller listener port
     */
    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = LoopbackPorts.requireValid(port, "Kafka");
        this.controllerPort = LoopbackPorts.requireValid(controllerPort, "Kafka controller");
        if (port == controllerPort) {
            throw new IllegalArgumentException("Kafka and its controller need two different ports, both are " + port);
        }
    }

    /** {@code 127.0.0.1:<port>}, the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    /** The client listener port. */
    public int port() {
        return port;
    }

    /** The KRaft controller listener port; clients never use it. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The folder holding this broker's configuration and data. */
    public Path dataDir() {
        return dataDir;
    }

    /** True between a successful {@link #start()} and {@link #stop()}. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Formats the storage on the first start, starts the broker and waits until it answers a
     * client. Does nothing when already running.
     *
     * @throws PortInUseException when one of the two ports is taken
     * @throws IllegalStateException when the broker does not come up within a minute
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        LoopbackPorts.requireFree(port, "Kafka");
        LoopbackPorts.requireFree(controllerPort, "Kafka controller");
        long started = System.nanoTime();
        Properties properties = serverProperties();
        Path configFile = writeServerProperties(properties);
        formatStorageOnce(configFile);
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            starting.startup();
            awaitClientsServed();
        } catch (RuntimeException e) {
            shutdown(starting);
            throw new IllegalStateException("Kafka broker did not start on " + bootstrapServers()
                    + " (data in " + dataDir + "): " + e.getMessage(), e);
        }
        server = starting;
        LOG.info("Kafka broker ready on {} in {} ms (data in {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
    }

    /** Shuts the broker down cleanly and waits for it; data stays. Does nothing when stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        KafkaRaftServer stopping = server;
        server = null;
        shutdown(stopping);
        LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public void close() {
        stop();
    }

    /** The broker configuration: single node, loopback only, sized for a laptop or a CI runner. */
    Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + LoopbackPorts.HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + LoopbackPorts.HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + LoopbackPorts.HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + LoopbackPorts.HOST + ":" + port);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir().toString());

        // One broker: every internal topic can only have one replica.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions make the first consumer group and transaction start fast.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // Tests start consumers and expect them to get partitions at once, not after 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");

        // The 128 MiB default dedupe buffer in a small heap makes Kafka halt the JVM silently.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        // Two cores are shared with the services under test.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("background.threads", "2");
        return p;
    }

    private Path logDir() {
        return dataDir.resolve("logs");
    }

    private Path writeServerProperties(Properties properties) {
        Path file = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(logDir());
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "Written by lorastream devstack on every start; edits are overwritten");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka configuration " + file, e);
        }
    }

    /** Formats a new log directory; an already formatted one is left alone, so data survives. */
    private void formatStorageOnce(Path configFile) {
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        // The storage tool is Kafka's own `kafka-storage.sh format`: a stable, documented
        // interface, unlike the internal Formatter class behind it.
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"}, print);
        }
        String message = output.toString(StandardCharsets.UTF_8).trim();
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + logDir() + " failed (exit "
                    + exitCode + "): " + message);
        }
        LOG.info("Formatted new Kafka storage in {} (cluster id {})", logDir(), clusterId);
        LOG.debug("kafka-storage format said: {}", message);
    }

    /** A started broker may still be fenced; describing the cluster succeeds once it serves clients. */
    private void awaitClientsServed() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no answer from " + bootstrapServers() + " within " + READY_TIMEOUT);
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(left, TimeUnit.NANOSECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Kafka on {} not ready yet: {}", bootstrapServers(), e.toString());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka on " + bootstrapServers(), e);
        }
    }

    private static void shutdown(KafkaRaftServer kafka) {
        kafka.shutdown();
        kafka.awaitShutdown();
    }
}
