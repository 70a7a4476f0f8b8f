package io.lorastream.trainer.auth;

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

    private final boolean enabled;
    private final AdminTokens tokens;

    public AdminAuth(TrainerConfig config) {
        this.enabled = config.auth().enabled();
        this.tokens = enabled ? AdminTokens.of(config.auth().adminTokens(), config.auth().tokenFile()) : null;
        if (!enabled) {
            LOG.warn("the admin API is open to anyone who can reach it (lorastream.trainer.auth.enabled=false)");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean accepts(String token) {
        return !enabled || tokens.accepts(token);
    }
}
