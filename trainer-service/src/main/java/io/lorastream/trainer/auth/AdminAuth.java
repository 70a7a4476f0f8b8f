package io.lorastream.trainer.auth;

import io.lorastream.servicekit.auth.AdminGate;
import io.lorastream.servicekit.auth.AdminTokens;
import io.lorastream.servicekit.auth.TokenRules;
import io.lorastream.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Whether the admin API needs a token, and which. A bean of its own so that the request filter,
 * which RESTEasy builds at static init, reaches the runtime configuration lazily through its proxy.
 */
@ApplicationScoped
public class AdminAuth {

    private static final Logger LOG = Logger.getLogger(AdminAuth.class);
    /**
     * Any non-blank configured token is accepted: the trainer never had a minimum length, and
     * deployments (and the crash test) use short ones. The evaluator asks for 16 characters.
     */
    static final TokenRules RULES = new TokenRules("trainer", "lorastream.trainer.auth.admin-tokens", 1);

    private final AdminGate gate;

    public AdminAuth(TrainerConfig config) {
        TrainerConfig.Auth auth = config.auth();
        this.gate = auth.enabled()
                ? AdminGate.requiring(AdminTokens.of(auth.adminTokens(), auth.tokenFile(), RULES))
                : AdminGate.open();
        if (!auth.enabled()) {
            LOG.warn("the admin API is open to anyone who can reach it (lorastream.trainer.auth.enabled=false)");
        }
    }

    /** Why a request with this {@code Authorization} header is refused, empty when it may pass. */
    public java.util.Optional<AdminGate.Refusal> refusal(String authorizationHeader) {
        return gate.refusal(authorizationHeader, "lorastream-trainer", "admin");
    }
}
