package io.lorastream.trainer.auth;

import io.lorastream.trainer.config.TrainerConfig;
import io.lorastream.trainer.rest.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Refuses {@link AdminOnly} requests without a valid {@code Authorization: Bearer <admin token>}. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(AdminTokenFilter.class);

    private final boolean enabled;
    private final AdminTokens tokens;

    public AdminTokenFilter(TrainerConfig config) {
        this.enabled = config.auth().enabled();
        this.tokens = enabled ? AdminTokens.of(config.auth().adminTokens(), config.auth().tokenFile()) : null;
        if (!enabled) {
            LOG.warn("the admin API is open to anyone who can reach it (lorastream.trainer.auth.enabled=false)");
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!enabled) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            abort(request, 401, "missing_token", "this endpoint needs an admin token: Authorization: Bearer <token>");
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || !tokens.accepts(header.substring(7).trim())) {
            abort(request, 403, "invalid_token", "the bearer token is not an admin token");
        }
    }

    private static void abort(ContainerRequestContext request, int status, String rule, String message) {
        request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lorastream-trainer\"")
                .entity(new ErrorBody(message, "Authorization", rule)).build());
    }
}
