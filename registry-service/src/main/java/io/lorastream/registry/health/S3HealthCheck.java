package io.lorastream.registry.health;

import io.lorastream.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers and has the bucket: adapters are served and promoted from it. */
@Readiness
@ApplicationScoped
public class S3HealthCheck implements HealthCheck {

    private final ObjectStore objects;

    public S3HealthCheck(ObjectStore objects) {
        this.objects = objects;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("s3").status(objects.isReachable()).withData("bucket", objects.bucket()).build();
    }
}
