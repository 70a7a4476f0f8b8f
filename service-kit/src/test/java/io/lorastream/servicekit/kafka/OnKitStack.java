package io.lorastream.servicekit.kafka;

import io.lorastream.devstack.DevStack;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class's own {@link KitStack} (broker and S3 with the kit's topics), started once, and clients' properties for it. */
public abstract class OnKitStack {

    @TempDir
    protected static Path dir;
    protected static DevStack stack;
    protected static KafkaClientProperties kafka;

    @BeforeAll
    static void startKitStack() {
        stack = KitStack.start(dir.resolve("stack"));
        kafka = new KafkaClientProperties(KitStack.connection(stack));
    }

    @AfterAll
    static void stopKitStack() {
        stack.close();
    }
}
