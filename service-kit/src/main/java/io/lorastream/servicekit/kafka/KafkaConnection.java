package io.lorastream.servicekit.kafka;

import java.util.Map;

/**
 * Where a service's Kafka clients connect and what they all get besides. A service's
 * {@code @ConfigMapping} Kafka group extends this and redeclares both methods with its own
 * {@code @WithDefault} and javadoc, so each service keeps its config keys and their documentation.
 */
public interface KafkaConnection {

    /** The {@code bootstrap.servers} of every client. */
    String bootstrapServers();

    /** Extra client properties passed to every client verbatim (e.g. security settings). */
    Map<String, String> clientProperties();
}
