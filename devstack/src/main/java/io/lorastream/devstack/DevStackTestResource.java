package io.lorastream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource that runs a {@link DevStack} on free loopback ports, with data under
 * {@code target/devstack-<random>}, and hands its settings to the application under test:
 * {@value DevStack#KAFKA_BOOTSTRAP_SERVERS}, {@value DevStack#S3_ENDPOINT},
 * {@value DevStack#S3_ACCESS_KEY}, {@value DevStack#S3_SECRET_KEY}, {@value DevStack#S3_BUCKET}.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(DevStackTestResource.class)
 * class IngestTest {
 *     @InjectDevStack
 *     DevStack devStack;          // or DevStackTestResource.current()
 *
 *     @Test
 *     void ridesOutKafkaOutage() {
 *         devStack.stopKafka();
 *         ...
 *         devStack.startKafka();
 *     }
 * }
 * }</pre>
 *
 * The data folder is deleted on stop unless the system property
 * {@value #KEEP_DATA_PROPERTY} is {@code true}.
 */
public class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Set to {@code true} to keep {@code target/devstack-*} after the tests, e.g. to look at Kafka's logs. */
    public static final String KEEP_DATA_PROPERTY = "lorastream.devstack.keep-data";

    private static volatile DevStack current;

    private DevStack stack;

    /**
     * The stack started by the running test resource.
     *
     * @throws IllegalStateException when no {@code DevStackTestResource} is running
     */
    public static DevStack current() {
        DevStack running = current;
        if (running == null) {
            throw new IllegalStateException("no DevStackTestResource is running: annotate the test class with "
                    + "@WithTestResource(DevStackTestResource.class)");
        }
        return running;
    }

    @Override
    public Map<String, String> start() {
        Path dataDir = Path.of("target", "devstack-" + UUID.randomUUID().toString().substring(0, 8));
        stack = DevStack.builder(dataDir).start();
        current = stack;
        return stack.config();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack,
                new TestInjector.AnnotatedAndMatchesType(InjectDevStack.class, DevStack.class));
    }

    @Override
    public void stop() {
        if (stack == null) {
            return;
        }
        try {
            stack.close();
        } finally {
            if (current == stack) {
                current = null;
            }
            if (!Boolean.getBoolean(KEEP_DATA_PROPERTY)) {
                deleteRecursively(stack.dataDir());
            }
            stack = null;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete devstack data " + dir, e);
        }
    }
}
