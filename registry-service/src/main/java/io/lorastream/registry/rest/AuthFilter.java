package io.lorastream.registry.rest;

import io.lorastream.registry.auth.Caller;
import io.lorastream.registry.auth.CallerHolder;
import io.lorastream.registry.auth.Role;
import io.lorastream.registry.auth.TokenRealm;
import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.registry.metrics.RegistryMetrics;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token auth for everything but Quarkus' own {@code /q/} endpoints (health, metrics,
 * OpenAPI): reads ({@code GET}, {@code HEAD}) need a read or admin token, changes need an admin
 * token. Runs before resource matching, so an unknown path without a token is a 401, not a 404 that
 * tells what exists. The presented token is never logged.
 */
public class AuthFilter {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String CHALLENGE = "Bearer realm=\"lorastream-registry\"";

    private final boolean enabled;
    private final TokenRealm realm;
    private final CallerHolder caller;
    private final RegistryMetrics metrics;

    public AuthFilter(RegistryConfig config, TokenRealm realm, CallerHolder caller, RegistryMetrics metrics) {
        this.enabled = config.auth().enabled();
        this.realm = realm;
        this.caller = caller;
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request) {
        if (isOpen(request) || !enabled) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return refuse(401, "missing_token", "this endpoint needs 'Authorization: Bearer <token>' with a read token "
                    + "(or an admin token for changes)");
        }
        if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(401, "invalid_authorization", "the Authorization header must be 'Bearer <token>'");
        }
        Optional<Caller> known = realm.authenticate(header.substring(7).strip());
        if (known.isEmpty()) {
            return refuse(401, "invalid_token", "the bearer token is not one of the registry's read or admin tokens");
        }
        Role needed = READ_METHODS.contains(request.getMethod()) ? Role.READ : Role.ADMIN;
        if (!known.get().role().allows(needed)) {
            return refuse(403, "admin_required", request.getMethod() + " needs an admin token; '" + known.get().name()
                    + "' is a read token");
        }
        caller.set(known.get());
        return null;
    }

    /**
     * Quarkus' management endpoints stay open for probes and scrapers. Both the raw and the decoded
     * path must start with {@code /q/} and hold no dot segment, so an encoded path cannot pass as one.
     */
    private static boolean isOpen(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath();
        String decoded = request.getUriInfo().getPath();
        return raw != null && raw.startsWith("/q/") && decoded.startsWith("/q/") && !decoded.contains("..")
                && !raw.contains("%");
    }

    private Response refuse(int status, String rule, String message) {
        metrics.authFailure(rule);
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message, HttpHeaders.AUTHORIZATION, rule));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return response.build();
    }
}
