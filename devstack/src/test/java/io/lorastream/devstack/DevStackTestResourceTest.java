package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;

class DevStackTestResourceTest {

    /** Stands in for a Quarkus test class. */
    static final class SomeQuarkusTest {
        @InjectDevStack
        DevStack devStack;
        DevStack notAnnotated;
    }

    @Test
    void startReturnsTheServiceConfigAndStopCleansUp() {
        DevStackTestResource resource = new DevStackTestResource();
        Map<String, String> config = resource.start();
        Path dataDir;
        try {
            DevStack stack = DevStackTestResource.current();
            dataDir = stack.dataDir();

            assertThat(config).containsOnlyKeys("kafka.bootstrap.servers", "lorastream.s3.endpoint",
                    "lorastream.s3.access-key", "lorastream.s3.secret-key", "lorastream.s3.bucket");
            assertThat(config.get("kafka.bootstrap.servers")).matches("127\\.0\\.0\\.1:\\d+").isEqualTo(stack.bootstrapServers());
            assertThat(config.get("lorastream.s3.endpoint")).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(config.get("lorastream.s3.bucket")).isEqualTo("lorastream");
            assertThat(dataDir).startsWith(Path.of("target").toAbsolutePath());
            assertThat(dataDir.getFileName().toString()).startsWith("devstack-");

            SomeQuarkusTest test = new SomeQuarkusTest();
            resource.inject(injectorFor(test));
            assertThat(test.devStack).isSameAs(stack);
            assertThat(test.notAnnotated).isNull();
        } finally {
            resource.stop();
        }

        assertThatThrownBy(DevStackTestResource::current)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@WithTestResource(DevStackTestResource.class)");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    /** What Quarkus' own injector does: set every matching field of the test instance. */
    private static TestInjector injectorFor(Object testInstance) {
        return (value, predicate) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (((Predicate<Field>) predicate).test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        };
    }
}
