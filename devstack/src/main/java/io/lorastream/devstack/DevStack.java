package io.lorastream.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.lorastream.contracts.ObjectLayout;
import io.lorastream.contracts.TopicSpec;
import io.lorastream.contracts.Topics;

/**
 * The local lorastream infrastructure in one object: a Kafka broker with every lorastream
 * topic and an S3 server with the lorastream bucket, both on 127.0.0.1 with data under one
 * folder ({@code kafka/} and {@code s3/}). Used by tests and by {@link DevStackMain}.
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.builder(Path.of("target/devstack")).start()) {
 *     producerProps.put("bootstrap.servers", stack.bootstrapServers());
 *     stack.stopKafka();   // simulate an outage
 *     stack.startKafka();  // same port, same data
 * }
 * }</pre>
 */
public final class DevStack implements AutoCloseable {

    /** Config key for the Kafka bootstrap servers (Quarkus and SmallRye Kafka read it as is). */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    /** Config key for the S3 endpoint URL. */
    public static final String S3_ENDPOINT = "lorastream.s3.endpoint";
    /** Config key for the S3 access key. */
    public static final String S3_ACCESS_KEY = "lorastream.s3.access-key";
    /** Config key for the S3 secret key. */
    public static final String S3_SECRET_KEY = "lorastream.s3.secret-key";
    /** Config key for the bucket holding models and adapters. */
    public static final String S3_BUCKET = "lorastream.s3.bucket";

    /** Bounds each topic admin call; the broker is already known to be serving. */
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final KafkaBroker kafka;
    private final S3Server s3;
    private final String bucket;
    private final List<TopicSpec> topics;

    private DevStack(Builder builder, int kafkaPort, int kafkaControllerPort, int s3Port) {
        this.dataDir = builder.dataDir;
        this.kafka = new KafkaBroker(dataDir.resolve("kafka"), kafkaPort, kafkaControllerPort);
        this.s3 = new S3Server(dataDir.resolve("s3"), s3Port, builder.credentials);
        this.bucket = builder.bucket;
        this.topics = List.copyOf(builder.topics);
    }

    /** A builder for a stack keeping its data under {@code dataDir}; every port defaults to a free one. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * Starts S3 (and creates the bucket), then Kafka (and provisions the topics). Both are
     * idempotent, so an existing data folder is reused as it is. On failure everything that
     * started is stopped again.
     *
     * @throws PortInUseException when a port is taken
     */
    public synchronized DevStack start() {
        try {
            s3.start();
            s3.ensureBucket(bucket);
            kafka.start();
            provisionTopics();
            return this;
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Stops the Kafka broker, keeping its data and port, e.g. to test how a service rides out an outage. */
    public void stopKafka() {
        kafka.stop();
    }

    /** Starts the Kafka broker again on the same port with the same data. */
    public void startKafka() {
        kafka.start();
    }

    /** Stops the S3 server, keeping its data and port. */
    public void stopS3() {
        s3.stop();
    }

    /** Starts the S3 server again on the same port with the same data. */
    public void startS3() {
        s3.start();
    }

    /** True while the Kafka broker runs. */
    public boolean kafkaRunning() {
        return kafka.isRunning();
    }

    /** True while the S3 server runs. */
    public boolean s3Running() {
        return s3.isRunning();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Kafka client port. */
    public int kafkaPort() {
        return kafka.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String s3Endpoint() {
        return s3.endpoint();
    }

    /** The S3 port. */
    public int s3Port() {
        return s3.port();
    }

    /** The S3 access key. */
    public String accessKey() {
        return s3.credentials().accessKey();
    }

    /** The S3 secret key. */
    public String secretKey() {
        return s3.credentials().secretKey();
    }

    /** The bucket created on start. */
    public String bucket() {
        return bucket;
    }

    /** The folder holding {@code kafka/} and {@code s3/}. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * The connection settings under the keys services read: {@value #KAFKA_BOOTSTRAP_SERVERS},
     * {@value #S3_ENDPOINT}, {@value #S3_ACCESS_KEY}, {@value #S3_SECRET_KEY}, {@value #S3_BUCKET}.
     */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(KAFKA_BOOTSTRAP_SERVERS, bootstrapServers());
        config.put(S3_ENDPOINT, s3Endpoint());
        config.put(S3_ACCESS_KEY, accessKey());
        config.put(S3_SECRET_KEY, secretKey());
        config.put(S3_BUCKET, bucket);
        return config;
    }

    /** Stops both servers; data stays. Safe to call more than once. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        try {
            kafka.stop();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            s3.stop();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "DevStack[kafka=" + bootstrapServers() + ", s3=" + s3Endpoint() + ", bucket=" + bucket
                + ", data=" + dataDir + "]";
    }

    private void provisionTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            new TopicProvisioner(admin, ADMIN_TIMEOUT).provision(topics);
        }
    }

    /** Settings of a {@link DevStack}; a port left at 0 gets a free one when the stack is built. */
    public static final class Builder {
        private final Path dataDir;
        private int kafkaPort;
        private int kafkaControllerPort;
        private int s3Port;
        private S3Credentials credentials = S3Credentials.DEFAULT;
        private String bucket = ObjectLayout.BUCKET;
        private Collection<TopicSpec> topics = Topics.ALL;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        }

        /** Kafka client port; 0 (default) picks a free one. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** KRaft controller port; 0 (default) picks a free one. */
        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        /** S3 port; 0 (default) picks a free one. */
        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        /** S3 key pair; default {@link S3Credentials#DEFAULT}. */
        public Builder credentials(S3Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Bucket to create; default {@link ObjectLayout#BUCKET}. */
        public Builder bucket(String bucket) {
            this.bucket = Objects.requireNonNull(bucket, "bucket");
            return this;
        }

        /** Topics to provision; default {@link Topics#ALL}. */
        public Builder topics(Collection<TopicSpec> topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** The stack, not started yet, with every port fixed (so restarts reuse them). */
        public DevStack build() {
            Set<Integer> taken = new HashSet<>();
            requireDistinct(kafkaPort, "Kafka", taken);
            requireDistinct(kafkaControllerPort, "Kafka controller", taken);
            requireDistinct(s3Port, "S3", taken);
            int kafka = kafkaPort != 0 ? kafkaPort : freePortNotIn(taken);
            int controller = kafkaControllerPort != 0 ? kafkaControllerPort : freePortNotIn(taken);
            int s3 = s3Port != 0 ? s3Port : freePortNotIn(taken);
            return new DevStack(this, kafka, controller, s3);
        }

        private static void requireDistinct(int port, String role, Set<Integer> taken) {
            if (port != 0 && !taken.add(port)) {
                throw new IllegalArgumentException(role + " port " + port + " is also given to another devstack server");
            }
        }

        private static int freePortNotIn(Set<Integer> taken) {
            int port;
            do {
                port = LoopbackPorts.freePort();
            } while (!taken.add(port));
            return port;
        }

        /** Builds and starts the stack. */
        public DevStack start() {
            return build().start();
        }
    }
}
