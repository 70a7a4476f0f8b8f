package io.lorastream.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the standalone devstack process: command-line flags first, then the
 * {@code LORASTREAM_*} environment variables the {@code lorastream} script also reads, then
 * the defaults (Kafka 9092, its controller on the next port, S3 9000).
 *
 * @param dataDir folder holding {@code kafka/} and {@code s3/}
 * @param kafkaPort Kafka client port
 * @param kafkaControllerPort KRaft controller port
 * @param s3Port S3 port
 * @param credentials S3 key pair
 */
public record DevStackOptions(Path dataDir, int kafkaPort, int kafkaControllerPort, int s3Port,
        S3Credentials credentials) {

    /** Data home; the devstack keeps its data in {@code $LORASTREAM_HOME/devstack}. */
    public static final String ENV_HOME = "LORASTREAM_HOME";
    /** Kafka client port. */
    public static final String ENV_KAFKA_PORT = "LORASTREAM_KAFKA_PORT";
    /** KRaft controller port. */
    public static final String ENV_KAFKA_CONTROLLER_PORT = "LORASTREAM_KAFKA_CONTROLLER_PORT";
    /** S3 port. */
    public static final String ENV_S3_PORT = "LORASTREAM_S3_PORT";
    /** S3 access key. */
    public static final String ENV_S3_ACCESS_KEY = "LORASTREAM_S3_ACCESS_KEY";
    /** S3 secret key. */
    public static final String ENV_S3_SECRET_KEY = "LORASTREAM_S3_SECRET_KEY";

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_S3_PORT = 9000;

    /** How to call the process; printed on a usage error. */
    public static final String USAGE = """
            usage: DevStackMain [--data-dir DIR] [--kafka-port N] [--kafka-controller-port N] [--s3-port N]
              --data-dir               default $LORASTREAM_HOME/devstack, else .lorastream/devstack
              --kafka-port             default $LORASTREAM_KAFKA_PORT, else 9092
              --kafka-controller-port  default $LORASTREAM_KAFKA_CONTROLLER_PORT, else Kafka port + 1
              --s3-port                default $LORASTREAM_S3_PORT, else 9000
            S3 credentials come from $LORASTREAM_S3_ACCESS_KEY and $LORASTREAM_S3_SECRET_KEY only
            (default lorastream / lorastream-secret), so they never show up in a process list.""";

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the flag or variable that is wrong
     */
    public static DevStackOptions parse(String[] args, Map<String, String> env) {
        String dataDir = null;
        String kafkaPort = null;
        String controllerPort = null;
        String s3Port = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--data-dir" -> dataDir = value;
                case "--kafka-port" -> kafkaPort = value;
                case "--kafka-controller-port" -> controllerPort = value;
                case "--s3-port" -> s3Port = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }

        Path dir = dataDir != null ? Path.of(dataDir)
                : env.containsKey(ENV_HOME) ? Path.of(env.get(ENV_HOME), "devstack")
                : Path.of(".lorastream", "devstack");
        int kafka = port(kafkaPort, "--kafka-port", env, ENV_KAFKA_PORT, DEFAULT_KAFKA_PORT);
        int controller = port(controllerPort, "--kafka-controller-port", env, ENV_KAFKA_CONTROLLER_PORT, kafka + 1);
        int s3 = port(s3Port, "--s3-port", env, ENV_S3_PORT, DEFAULT_S3_PORT);
        if (kafka == controller || kafka == s3 || controller == s3) {
            throw new IllegalArgumentException("Kafka (" + kafka + "), Kafka controller (" + controller
                    + ") and S3 (" + s3 + ") need three different ports");
        }
        S3Credentials credentials = new S3Credentials(
                env.getOrDefault(ENV_S3_ACCESS_KEY, S3Credentials.DEFAULT.accessKey()),
                env.getOrDefault(ENV_S3_SECRET_KEY, S3Credentials.DEFAULT.secretKey()));
        return new DevStackOptions(dir.toAbsolutePath().normalize(), kafka, controller, s3, credentials);
    }

    /** The environment variable that moves {@code port}, for error messages; empty if none does. */
    public String envVariableFor(int port) {
        if (port == kafkaPort) {
            return ENV_KAFKA_PORT;
        }
        if (port == kafkaControllerPort) {
            return ENV_KAFKA_CONTROLLER_PORT;
        }
        if (port == s3Port) {
            return ENV_S3_PORT;
        }
        return "";
    }

    private static int port(String flagValue, String flag, Map<String, String> env, String variable, int fallback) {
        String value = flagValue;
        String source = flag;
        if (value == null && env.get(variable) != null && !env.get(variable).isBlank()) {
            value = env.get(variable).trim();
            source = variable;
        }
        if (value == null) {
            return fallback;
        }
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a port number, got '" + value + "'", e);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(source + " must be a port between 1 and 65535, got " + port);
        }
        return port;
    }
}
