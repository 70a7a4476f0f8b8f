package io.lorastream.devstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link DevStack} field of a Quarkus test that {@link DevStackTestResource} fills with
 * the running stack, e.g. to stop and start Kafka in the middle of a test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectDevStack {
}
