package io.lorastream.ingest.kafka;

import io.lorastream.devstack.DevStack;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.it.KafkaTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A devstack of the test class's own, for tests that stop and start its broker: started before the class's first
 * test and closed after its last; the service a test wires on it with {@link #serve} is closed after that test.
 * Register it as a static {@code @RegisterExtension} field.
 */
final class OwnDevStack implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final String dataDirPrefix;
    private DevStack stack;
    private KafkaTestClient kafka;
    private IngestOnDevStack service;

    /** @param dataDirPrefix the name of the stack's data folder under {@code target/}, before a random suffix */
    OwnDevStack(String dataDirPrefix) {
        this.dataDirPrefix = dataDirPrefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack = DevStack.builder(Files.createTempDirectory(Path.of("target").toAbsolutePath(), dataDirPrefix)).start();
        kafka = new KafkaTestClient(stack.bootstrapServers());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
        }
    }

    DevStack stack() {
        return stack;
    }

    KafkaTestClient kafka() {
        return kafka;
    }

    /** The service's config on this stack (see {@link IngestOnDevStack#config}). */
    IngestConfig config(String groupId, Map<String, String> extra) {
        return IngestOnDevStack.config(stack, groupId, extra);
    }

    /** Wires the service on this stack around {@code writer} and starts it; closed after the test. */
    IngestOnDevStack serve(IngestConfig config, KafkaClientSettings settings, KafkaExampleWriter writer,
                           IngestOnDevStack.Lifecycles lifecycles) {
        service = new IngestOnDevStack(config, settings, writer, lifecycles);
        return service;
    }

    /**
     * One daemon thread to stop the broker on, off the producer's I/O thread that acknowledgements arrive on
     * (stopping the broker takes a while); shut down by the writer that uses it.
     */
    static ExecutorService outageThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "broker-outage");
            thread.setDaemon(true);
            return thread;
        });
    }
}
