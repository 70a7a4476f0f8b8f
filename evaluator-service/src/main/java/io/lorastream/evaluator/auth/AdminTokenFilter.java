package io.lorastream.evaluator.auth;

import io.lorastream.evaluator.rest.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses {@link AdminOnly} requests without a valid {@code Authorization: Bearer <admin token>} with 401 (RFC 6750:
 * a missing and a wrong token are both "not authenticated"). The presented token is never logged or echoed.
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

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
            abort(request, "missing_token", null,
                    "this endpoint changes state and needs an admin token: Authorization: Bearer <token>");
        } else if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || !auth.accepts(header.substring(BEARER.length()).trim())) {
            abort(request, "invalid_token", "invalid_token", "the Authorization header does not carry an admin bearer token");
        }
    }

    private static void abort(ContainerRequestContext request, String rule, String bearerError, String message) {
        String challenge = "Bearer realm=\"lorastream-evaluator\"" + (bearerError == null ? "" : ", error=\"" + bearerError + "\"");
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(new ErrorBody(message, "Authorization", rule)).build());
    }
}
