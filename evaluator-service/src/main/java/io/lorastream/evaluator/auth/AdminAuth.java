package io.lorastream.evaluator.auth;

import io.lorastream.evaluator.config.EvaluatorConfig;
import io.lorastream.servicekit.auth.AdminGate;
import io.lorastream.servicekit.auth.AdminTokens;
import io.lorastream.servicekit.auth.TokenRules;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Whether the operator API's writes need a token, and which. A bean of its own so that the request filter, which
 * the REST layer builds early, reaches the runtime configuration lazily through this bean's client proxy. Built at
 * start, so a token that is too short stops the service with the key's name instead of failing the first request.
 */
@Startup
@ApplicationScoped
public class AdminAuth {

    /** The evaluator's token rules: its config key in messages, and tokens of at least 16 characters. */
    static final TokenRules RULES = new TokenRules("evaluator", "lorastream.evaluator.auth.admin-tokens", 16);
    private static final Logger LOG = Logger.getLogger(AdminAuth.class);

    private final AdminGate gate;

    public AdminAuth(EvaluatorConfig config) {
        EvaluatorConfig.Auth auth = config.auth();
        this.gate = auth.enabled() ? AdminGate.requiring(AdminTokens.of(auth.adminTokens(), auth.tokenFile(), RULES)) : AdminGate.open();
        if (!auth.enabled()) {
            LOG.warn("the evaluator's golden-set writes are open to anyone who can reach the port "
                    + "(lorastream.evaluator.auth.enabled=false)");
        }
    }

    /** Why a request with this {@code Authorization} header is refused, empty when it may pass. */
    public java.util.Optional<AdminGate.Refusal> refusal(String authorizationHeader) {
        return gate.refusal(authorizationHeader, "lorastream-evaluator", "admin");
    }
}
