package io.lorastream.evaluator.health;

import io.lorastream.servicekit.health.ObjectStoreProbe;
import io.lorastream.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers and the bucket exists: candidates, models and decisions live there. */
@Readiness
@ApplicationScoped
public class S3HealthCheck implements HealthCheck {

    private final ObjectStoreProbe probe;

    public S3HealthCheck(ObjectStore objects) {
        this.probe = new ObjectStoreProbe(objects);
    }

    @Override
    public HealthCheckResponse call() {
        return probe.check();
    }
}
