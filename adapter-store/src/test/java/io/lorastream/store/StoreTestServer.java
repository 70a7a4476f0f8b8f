package io.lorastream.store;

import io.lorastream.devstack.LoopbackPorts;
import io.lorastream.devstack.S3Credentials;
import io.lorastream.devstack.S3Server;
import java.nio.file.Path;

/** A real S3 server (the devstack's S3Proxy) with lorastream's bucket, for one test class. */
final class StoreTestServer implements AutoCloseable {

    final S3Server server;
    final S3Settings settings;

    StoreTestServer(Path dataDir) {
        server = new S3Server(dataDir, LoopbackPorts.freePort(), S3Credentials.DEFAULT);
        server.start();
        server.ensureBucket("lorastream");
        settings = new S3Settings(server.endpoint(), S3Credentials.DEFAULT.accessKey(), S3Credentials.DEFAULT.secretKey(),
                "lorastream", null);
    }

    ObjectStore store() {
        return ObjectStore.connect(settings, java.time.Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        server.close();
    }
}
