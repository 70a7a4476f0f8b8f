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
 * Refuses {@link AdminOnly} requests without a valid {@code Authorization: Bearer <admin token>} with 401 (RFC 6750:
 * a missing and a wrong token are both "not authenticated"; 403 would mean a known caller lacking a right, and the
 * trainer has one kind of token). The presented token is never logged or echoed.
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
        auth.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION)).ifPresent(refusal -> request.abortWith(
                Response.status(AdminGate.Refusal.STATUS).type(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.WWW_AUTHENTICATE, refusal.challenge())
                        .entity(new ErrorBody(refusal.message(), "Authorization", refusal.rule())).build()));
    }
}
