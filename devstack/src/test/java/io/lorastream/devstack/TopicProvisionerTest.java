package io.lorastream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lorastream.contracts.TopicSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.devstack.TopicProvisioner.Action;
import io.lorastream.devstack.TopicProvisioner.Outcome;

class TopicProvisionerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    static KafkaBroker broker;
    static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(dataDir, LoopbackPorts.freePort(), LoopbackPorts.freePort());
        broker.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void createsEveryLorastreamTopicAsSpecifiedThenLeavesThemAlone() throws Exception {
        TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT);

        assertThat(provisioner.provision(Topics.ALL)).extracting(Outcome::action).containsOnly(Action.CREATED);

        for (TopicSpec spec : Topics.ALL) {
            assertThat(partitionsOf(spec.name())).as(spec.name()).isEqualTo(spec.partitions());
            Config config = configOf(spec.name());
            assertThat(config.get("cleanup.policy").value()).as(spec.name()).isEqualTo(spec.cleanupPolicy());
            assertThat(config.get("retention.ms").value()).as(spec.name()).isEqualTo(String.valueOf(spec.retentionMs()));
        }
        assertThat(configOf(Topics.TASKS).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(configOf(Topics.FEEDBACK).get("retention.ms").value()).isEqualTo("604800000");

        assertThat(provisioner.provision(Topics.ALL)).extracting(Outcome::action).containsOnly(Action.UNCHANGED);
    }

    @Test
    void bringsAnExistingTopicUpToSpec() throws Exception {
        admin.createTopics(List.of(new NewTopic("drifted", Optional.of(2), Optional.empty())
                .configs(Map.of("retention.ms", "1000")))).all().get();
        TopicSpec spec = new TopicSpec("drifted", 4, false, Duration.ofDays(1));

        List<Outcome> outcomes = new TopicProvisioner(admin, TIMEOUT).provision(List.of(spec));

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo(Action.UPDATED);
            assertThat(o.detail()).contains("partitions 2 -> 4", "retention.ms 1000 -> 86400000");
        });
        assertThat(partitionsOf("drifted")).isEqualTo(4);
        assertThat(configOf("drifted").get("retention.ms").value()).isEqualTo("86400000");
    }

    @Test
    void neverShrinksATopicButSaysSo() throws Exception {
        admin.createTopics(List.of(new NewTopic("wider", Optional.of(3), Optional.empty())
                .configs(TopicProvisioner.configsOf(new TopicSpec("wider", 1, false, null))))).all().get();

        List<Outcome> outcomes = new TopicProvisioner(admin, TIMEOUT).provision(List.of(new TopicSpec("wider", 1, false, null)));

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.action()).isEqualTo(Action.UNCHANGED);
            assertThat(o.detail()).contains("has 3 partitions, spec says 1");
        });
        assertThat(partitionsOf("wider")).isEqualTo(3);
    }

    private static int partitionsOf(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private static Config configOf(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
