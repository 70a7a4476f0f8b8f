package io.lorastream.devstack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A minimal SmallRye Kafka application for DevStackQuarkusTest: sends to and reads from lorastream.feedback. */
@ApplicationScoped
public class FeedbackEcho {

    private final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("feedback-out")
    Emitter<String> emitter;

    void send(String value) {
        emitter.send(value).toCompletableFuture().join();
    }

    @Incoming("feedback-in")
    void receive(String value) {
        received.add(value);
    }

    List<String> received() {
        return received;
    }
}
