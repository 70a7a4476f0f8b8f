package io.lorastream.systemtests;

import io.lorastream.lora.testing.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every fault test the one {@link RunningSystem} of this test JVM: started by the first test that asks,
 * stopped after the last one. Starting five JVMs costs about half a minute on two cores, so the scenarios
 * share them, each on a task of its own, and each leaves every service running (restarted if it killed one).
 */
final class SharedSystem implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);

    /**
     * The system, or why it could not start (kept, so that the next test class fails at once instead of
     * trying again for minutes); closed when JUnit closes its root store, after the last test class.
     */
    private record Holder(RunningSystem system, RuntimeException failure) implements ExtensionContext.Store.CloseableResource {

        static Holder start() {
            try {
                return new Holder(RunningSystem.start(dataDir()), null);
            } catch (RuntimeException e) {
                return new Holder(null, e);
            } catch (AssertionError e) {
                return new Holder(null, new IllegalStateException(e.getMessage(), e));
            }
        }

        RunningSystem get() {
            if (failure != null) {
                throw new IllegalStateException("the system under test did not start: " + failure.getMessage(), failure);
            }
            return system;
        }

        @Override
        public void close() {
            if (system != null) {
                system.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Holder.class, k -> Holder.start(),
                Holder.class).get();
    }

    private static Path dataDir() {
        return TestPaths.target().resolve("system-" + System.currentTimeMillis());
    }
}
