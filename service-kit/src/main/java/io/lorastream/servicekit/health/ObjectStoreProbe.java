package io.lorastream.servicekit.health;

import io.lorastream.store.ObjectStore;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the object store answers and has the bucket, for a readiness check named {@code s3}, with
 * the bucket's name in the check's data (never the endpoint's credentials).
 */
public final class ObjectStoreProbe {

    /** The name of the check in {@code /q/health}. */
    public static final String CHECK_NAME = "s3";

    private final ObjectStore objects;

    public ObjectStoreProbe(ObjectStore objects) {
        this.objects = objects;
    }

    /** Up or down, with {@code bucket}; never throws. */
    public HealthCheckResponse check() {
        return new HealthCheckResponse(CHECK_NAME,
                objects.isReachable() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(Map.of("bucket", objects.bucket())));
    }
}
