package io.lorastream.ingest.auth;

import io.lorastream.ingest.rest.ErrorBody;
import io.lorastream.servicekit.auth.AdminGate;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses {@link ProducerOnly} requests without a valid {@code Authorization: Bearer <producer token>} with 401, before
 * the body is read (RFC 6750: a missing and a wrong token are both "not authenticated"). The presented token is never
 * logged or echoed.
 */
@Provider
@ProducerOnly
@Priority(Priorities.AUTHENTICATION)
public class ProducerTokenFilter implements ContainerRequestFilter {

    private final ProducerAuth auth;

    public ProducerTokenFilter(ProducerAuth auth) {
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
