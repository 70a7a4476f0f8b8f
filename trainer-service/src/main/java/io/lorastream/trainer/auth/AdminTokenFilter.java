package io.lorastream.trainer.auth;

import io.lorastream.servicekit.auth.AdminGate;
import io.lorastream.trainer.rest.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses {@link AdminOnly} requests without a valid {@code Authorization: Bearer <admin token>}: 401
 * without a token, 403 with one that is not an admin token.
 */
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
        AdminGate.Verdict verdict = auth.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        switch (verdict) {
            case MISSING_TOKEN -> abort(request, 401, "missing_token",
                    "this endpoint needs an admin token: Authorization: Bearer <token>");
            case INVALID_TOKEN -> abort(request, 403, "invalid_token", "the bearer token is not an admin token");
            case ALLOWED -> { }
        }
    }

    private static void abort(ContainerRequestContext request, int status, String rule, String message) {
        request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lorastream-trainer\"")
                .entity(new ErrorBody(message, "Authorization", rule)).build());
    }
}
