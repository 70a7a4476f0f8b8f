package io.lorastream.trainer.auth;

import io.lorastream.trainer.rest.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** Refuses {@link AdminOnly} requests without a valid {@code Authorization: Bearer <admin token>}. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private final AdminAuth auth;

    public AdminTokenFilter(AdminAuth auth) {
        this.auth = auth;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!auth.enabled()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            abort(request, 401, "missing_token", "this endpoint needs an admin token: Authorization: Bearer <token>");
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || !auth.accepts(header.substring(7).trim())) {
            abort(request, 403, "invalid_token", "the bearer token is not an admin token");
        }
    }

    private static void abort(ContainerRequestContext request, int status, String rule, String message) {
        request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lorastream-trainer\"")
                .entity(new ErrorBody(message, "Authorization", rule)).build());
    }
}
