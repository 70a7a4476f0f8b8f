package io.lorastream.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lorastream.contracts.TopicSpec;

/**
 * Makes the broker's topics match their {@link TopicSpec}s: creates missing topics and brings
 * existing ones up to spec (more partitions, cleanup policy, retention), so it is safe to run
 * on every start. Partitions are never removed: Kafka cannot shrink a topic.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** What provisioning did to one topic. */
    public enum Action { CREATED, UPDATED, UNCHANGED }

    /**
     * The result for one topic.
     *
     * @param topic topic name
     * @param action what was done
     * @param detail what changed, or why something that differs was left alone; empty if nothing
     */
    public record Outcome(String topic, Action action, String detail) {
    }

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin a client of the broker to provision; not closed here
     * @param timeout bound for each admin call
     */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Provisions every topic in {@code specs} and reports what it did, in the order given. */
    public List<Outcome> provision(Collection<TopicSpec> specs) {
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<Outcome> outcomes = new ArrayList<>();
        for (TopicSpec spec : specs) {
            Outcome outcome = existing.contains(spec.name()) ? reconcile(spec) : create(spec);
            LOG.info("Topic {}: {}{}", outcome.topic(), outcome.action(),
                    outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
            outcomes.add(outcome);
        }
        for (TopicSpec spec : specs) {
            describeServed(spec.name(), spec.partitions());
        }
        return outcomes;
    }

    /**
     * Describes a topic once the broker serves at least {@code minPartitions} partitions of it,
     * each with a leader. The controller acknowledges a new topic or partition before the
     * broker has loaded it, and a topic someone else just created may be listed but not yet
     * describable; without this wait a client right after provisioning could see
     * UnknownTopicOrPartition.
     */
    private TopicDescription describeServed(String topic, int minPartitions) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (description.partitions().size() >= minPartitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return description;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topic " + topic + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                // Falls through to the deadline check.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " is not served by the broker within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
        }
    }

    /** The topic configs a spec prescribes. */
    static Map<String, String> configsOf(TopicSpec spec) {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy(),
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(spec.retentionMs()));
    }

    private Outcome create(TopicSpec spec) {
        // Replication factor left to the broker default: 1 on the devstack, more on a real cluster.
        NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                .configs(configsOf(spec));
        try {
            await(admin.createTopics(List.of(topic)).all(), "create topic " + spec.name());
            return new Outcome(spec.name(), Action.CREATED,
                    spec.partitions() + " partitions, " + describe(configsOf(spec)));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TopicExistsException) {
                // Someone else created it since we listed: make sure it matches instead.
                return reconcile(spec);
            }
            throw e;
        }
    }

    private Outcome reconcile(TopicSpec spec) {
        List<String> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        int partitions = describeServed(spec.name(), 1).partitions().size();
        if (partitions < spec.partitions()) {
            await(admin.createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions()))).all(),
                    "add partitions to " + spec.name());
            changes.add("partitions " + partitions + " -> " + spec.partitions());
        } else if (partitions > spec.partitions()) {
            notes.add("has " + partitions + " partitions, spec says " + spec.partitions()
                    + "; Kafka cannot remove partitions, left as is");
        }

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Config current = await(admin.describeConfigs(List.of(resource)).all(),
                "describe configs of " + spec.name()).get(resource);
        List<AlterConfigOp> alterations = new ArrayList<>();
        configsOf(spec).forEach((name, wanted) -> {
            ConfigEntry entry = current.get(name);
            String actual = entry == null ? null : entry.value();
            if (!wanted.equals(actual)) {
                alterations.add(new AlterConfigOp(new ConfigEntry(name, wanted), AlterConfigOp.OpType.SET));
                changes.add(name + " " + actual + " -> " + wanted);
            }
        });
        if (!alterations.isEmpty()) {
            await(admin.incrementalAlterConfigs(Map.of(resource, alterations)).all(),
                    "alter configs of " + spec.name());
        }

        List<String> detail = new ArrayList<>(changes);
        detail.addAll(notes);
        return new Outcome(spec.name(), changes.isEmpty() ? Action.UNCHANGED : Action.UPDATED, String.join("; ", detail));
    }

    private static String describe(Map<String, String> configs) {
        return TopicConfig.CLEANUP_POLICY_CONFIG + "=" + configs.get(TopicConfig.CLEANUP_POLICY_CONFIG) + ", "
                + TopicConfig.RETENTION_MS_CONFIG + "=" + configs.get(TopicConfig.RETENTION_MS_CONFIG);
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
