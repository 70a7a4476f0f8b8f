package io.lorastream.servicekit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** {@link TopicFollower} and {@link CompactedTopicFollower} on a real broker. */
class FollowersTest extends OnKitStack {

    /** A value "key=label" decodes to itself unless it says "invalid". */
    private static String decode(String key, byte[] bytes) {
        String value = new String(bytes, StandardCharsets.UTF_8);
        if (value.contains("invalid")) {
            throw new IllegalArgumentException("value: not valid");
        }
        return value;
    }

    private static String keyOf(String value) {
        return value.substring(0, value.indexOf('='));
    }

    @Test
    void keepsTheLatestValidValuePerKeyFromTheBeginningAndFollowsChanges() throws Exception {
        KitStack.write(stack, KitStack.COMPACTED, "a", "a=1");
        KitStack.write(stack, KitStack.COMPACTED, "a", "a=2");
        KitStack.write(stack, KitStack.COMPACTED, "b", "b=1");
        KitStack.write(stack, KitStack.COMPACTED, "b", null);            // tombstone
        KitStack.write(stack, KitStack.COMPACTED, "c", "c=1");
        KitStack.write(stack, KitStack.COMPACTED, "c", "c=invalid");     // keeps c=1
        KitStack.write(stack, KitStack.COMPACTED, "d", "e=1");           // key differs from its value's

        CompactedTopicFollower<String> follower = new CompactedTopicFollower<>(KitStack.COMPACTED,
                kafka.reader("kit-compacted"), FollowersTest::decode, FollowersTest::keyOf);
        Thread thread = new Thread(follower, "kit-compacted");
        thread.start();
        try {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(follower.isCaughtUp()).isTrue();
            assertThat(follower.all()).containsEntry("a", "a=2").containsEntry("c", "c=1")
                    .doesNotContainKeys("b", "d", "e");

            KitStack.write(stack, KitStack.COMPACTED, "g", "g=1");
            KitStack.write(stack, KitStack.COMPACTED, "a", null);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((follower.find("g").isEmpty() || follower.find("a").isPresent()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(follower.find("g")).contains("g=1");
            assertThat(follower.find("a")).isEmpty();
        } finally {
            follower.stop();
            thread.join(10_000);
        }
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void handsEveryTopicToItsHandlerSkipsWhatAHandlerCannotApplyAndAwaitsOwnWrites() throws Exception {
        KitStack.write(stack, KitStack.OTHER, "k", "boom");
        KitStack.write(stack, KitStack.OTHER, "k", "other-1");
        List<String> seen = new CopyOnWriteArrayList<>();
        Consumer<ConsumerRecord<String, byte[]>> other = r -> {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            if (value.equals("boom")) {
                throw new IllegalStateException("a handler bug");
            }
            seen.add(r.topic() + ":" + value);
        };
        TopicFollower follower = new TopicFollower("kit view", kafka.reader("kit-view"),
                Map.of(KitStack.OTHER, other, KitStack.COMPACTED, r -> seen.add(r.topic() + ":" + r.key())),
                Duration.ofMillis(100));
        Thread thread = new Thread(follower, "kit-view");
        thread.start();
        try {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(seen).contains(KitStack.OTHER + ":other-1").doesNotContain(KitStack.OTHER + ":boom");

            RecordMetadata written = KitStack.write(stack, KitStack.OTHER, "k", "other-2");
            TopicPartition partition = new TopicPartition(written.topic(), written.partition());
            assertThat(follower.awaitApplied(Map.of(partition, written.offset() + 1), Duration.ofSeconds(30))).isTrue();
            assertThat(seen).contains(KitStack.OTHER + ":other-2");
            // An offset nobody wrote is never reached: the wait ends at its deadline with false.
            assertThat(follower.awaitApplied(Map.of(partition, written.offset() + 100), Duration.ofMillis(300))).isFalse();
        } finally {
            follower.close();
            thread.join(10_000);
        }
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void ignoresKeylessRecordsWhichOnlyAPlainTopicCanHold() throws Exception {
        // The broker refuses keyless records on a compacted topic; a plain topic followed by mistake has them.
        KitStack.write(stack, KitStack.OTHER, null, "x=keyless");
        KitStack.write(stack, KitStack.OTHER, "y", "y=1");
        CompactedTopicFollower<String> follower = new CompactedTopicFollower<>(KitStack.OTHER,
                kafka.reader("kit-plain"), FollowersTest::decode, value -> value.contains("=")
                        ? keyOf(value) : "none");
        Thread thread = new Thread(follower, "kit-plain");
        thread.start();
        try {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(follower.all()).containsEntry("y", "y=1").doesNotContainKey("x");
        } finally {
            follower.close();
            thread.join(10_000);
        }
    }

    @Test
    void waitsForATopicThatDoesNotExistYet() throws Exception {
        String late = "kit.late";
        // Without this the broker (auto.create.topics.enable defaults to true) would create the topic on the
        // first look-up, and there would be nothing to wait for.
        KafkaClientProperties noAutoCreate = new KafkaClientProperties(KitStack.connection(stack.bootstrapServers(),
                Map.of("allow.auto.create.topics", "false")));
        TopicFollower follower = new TopicFollower("late view", noAutoCreate.reader("kit-late"),
                Map.of(late, r -> { }), Duration.ofMillis(100));
        Thread thread = new Thread(follower, "kit-late");
        thread.start();
        try {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(2))).isFalse();
            try (Admin admin = Admin.create(kafka.admin("kit-test-admin", Duration.ofSeconds(10)))) {
                admin.createTopics(List.of(new NewTopic(late, 1, (short) 1))).all().get();
            }
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
        } finally {
            follower.stop();
            thread.join(10_000);
        }
        assertThat(thread.isAlive()).isFalse();
    }
}
