package io.lorastream.ingest.auth;

import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.servicekit.auth.AdminGate;
import io.lorastream.servicekit.auth.AdminTokens;
import io.lorastream.servicekit.auth.TokenRules;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Whether sending examples needs a producer token, and which. A bean of its own so that the request filter, which
 * the REST layer builds early, reaches the runtime configuration lazily through this bean's client proxy. Built at
 * start, so a token that is too short stops the service with the key's name instead of failing the first request.
 */
@Startup
@ApplicationScoped
public class ProducerAuth {

    private static final Logger LOG = Logger.getLogger(ProducerAuth.class);
    /** The ingest's token rules: its config key in messages, tokens of at least 16 characters, "producer" tokens. */
    static final TokenRules RULES = new TokenRules("ingest", "lorastream.ingest.auth.tokens", 16, "producer");

    private final AdminGate gate;

    public ProducerAuth(IngestConfig config) {
        IngestConfig.Auth auth = config.auth();
        this.gate = auth.enabled() ? AdminGate.requiring(AdminTokens.of(auth.tokens(), auth.tokenFile(), RULES)) : AdminGate.open();
        if (!auth.enabled()) {
            LOG.warn("anyone who can reach the port may send examples (lorastream.ingest.auth.enabled=false)");
        }
    }

    /** Why a request with this {@code Authorization} header is refused, empty when it may pass. */
    public java.util.Optional<AdminGate.Refusal> refusal(String authorizationHeader) {
        return gate.refusal(authorizationHeader, "lorastream-ingest", "producer");
    }
}
