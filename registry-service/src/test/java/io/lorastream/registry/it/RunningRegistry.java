package io.lorastream.registry.it;

import static io.lorastream.registry.it.RegistryFixtures.READ_TOKEN;

import io.lorastream.devstack.DevStack;
import io.lorastream.devstack.InjectDevStack;
import io.lorastream.registry.client.RegistryClient;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the registry's Quarkus tests start from: the devstack the service runs on, the running service's URL, a
 * folder for a client's adapters, fixtures that publish to the devstack, and a client with the read token.
 */
abstract class RunningRegistry {

    @InjectDevStack
    DevStack devStack;

    @TestHTTPResource("/")
    URL registryUrl;

    @TempDir
    Path clientDir;

    RegistryFixtures fixtures;

    @BeforeEach
    void createFixtures() {
        fixtures = new RegistryFixtures(devStack);
    }

    /** A client of the running registry with the read token. */
    RegistryClient client() {
        return RegistryClient.builder(URI.create(registryUrl.toString())).token(READ_TOKEN).build();
    }
}
