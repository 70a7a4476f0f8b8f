package io.lorastream.registry.kafka;

import io.lorastream.registry.domain.RetriableException;
import io.lorastream.registry.domain.ViewSync;
import io.lorastream.servicekit.kafka.TopicFollower;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the registry's topics from their beginning for as long as the service runs, without a
 * consumer group, and hands every record to the handler of its topic ({@link TopicFollower}): this is
 * how each stateless replica rebuilds its view (tasks, candidates, decisions, champions) at start and
 * keeps it current. One consumer and one thread for all topics.
 *
 * <p>As a {@link ViewSync} it lets other threads wait until the view includes everything a topic
 * held at the time they asked (its end offsets, looked up with an admin client).
 */
public final class StateFollower implements Runnable, ViewSync, AutoCloseable {

    private final TopicFollower follower;
    private final Admin admin;

    /**
     * @param handlers topic → what to do with each of its records; a handler must not throw for bad
     *                 data (it logs and skips), and must not call {@link #catchUp} (same thread)
     */
    public StateFollower(Properties consumerProps, Properties adminProps,
                         Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers) {
        this.follower = new TopicFollower("registry view", consumerProps, handlers, Duration.ofMillis(200));
        this.admin = Admin.create(adminProps);
    }

    /** True once every record the topics held at start-up has been applied. */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    @Override
    public void run() {
        follower.run();
    }

    @Override
    public void catchUp(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> targets = new HashMap<>();
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            ends.forEach((partition, info) -> targets.put(partition, info.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while looking up the end of " + topic, e);
        } catch (Exception e) {
            throw new RetriableException("cannot look up the end of " + topic + ": " + e, e);
        }
        boolean reached;
        try {
            reached = follower.awaitApplied(targets, Duration.ofMillis(Math.max(0, remainingMillis(deadline))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting for the view of " + topic, e);
        }
        if (!reached) {
            throw new RetriableException("the registry view did not reach the end of " + topic + " within "
                    + timeout.toMillis() + " ms", null);
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    /** Stops following; safe to call from any thread. */
    @Override
    public void close() {
        follower.close();
        admin.close(Duration.ofSeconds(2));
    }
}
