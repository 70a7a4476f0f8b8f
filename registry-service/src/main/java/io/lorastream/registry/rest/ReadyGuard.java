package io.lorastream.registry.rest;

import io.lorastream.registry.kafka.RegistryLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Refuses API requests with 503 until the view is loaded: a half-read view could name an old champion. */
@ApplicationScoped
public class ReadyGuard {

    private final RegistryLifecycle lifecycle;

    public ReadyGuard(RegistryLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    void require() {
        if (!lifecycle.isReady()) {
            throw new ApiException(503, null, "not_ready", "the registry is still loading its view from Kafka; retry shortly",
                    Map.of("Retry-After", ErrorMappers.RETRY_AFTER_SECONDS));
        }
    }
}
