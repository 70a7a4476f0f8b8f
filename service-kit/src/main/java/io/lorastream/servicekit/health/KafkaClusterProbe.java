package io.lorastream.servicekit.health;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Asks the Kafka cluster for its brokers, for a readiness check named {@code kafka}: up with the
 * broker count when at least one answers within the timeout, down with the error otherwise. Owns its
 * admin client (one for the process's lifetime, so a check costs one request, not a new connection).
 */
public final class KafkaClusterProbe implements AutoCloseable {

    /** The name of the check in {@code /q/health}. */
    public static final String CHECK_NAME = "kafka";

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param adminProps an admin client's properties ({@code KafkaClientProperties#admin})
     * @param timeout    longest a check waits for the cluster's answer
     */
    public KafkaClusterProbe(Properties adminProps, Duration timeout) {
        this.admin = Admin.create(adminProps);
        this.timeout = timeout;
    }

    /** With the 3 s every lorastream service waits. */
    public KafkaClusterProbe(Properties adminProps) {
        this(adminProps, Duration.ofSeconds(3));
    }

    /** Up with {@code brokers}, or down with {@code error}; never throws. */
    public HealthCheckResponse check() {
        try {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return new HealthCheckResponse(CHECK_NAME, brokers > 0 ? HealthCheckResponse.Status.UP
                    : HealthCheckResponse.Status.DOWN, Optional.of(Map.of("brokers", (long) brokers)));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new HealthCheckResponse(CHECK_NAME, HealthCheckResponse.Status.DOWN,
                    Optional.of(Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
