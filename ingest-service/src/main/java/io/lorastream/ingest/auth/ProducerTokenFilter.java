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
        AdminGate.Verdict verdict = auth.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        switch (verdict) {
            case MISSING_TOKEN -> abort(request, "missing_token", null,
                    "sending examples needs a producer token: Authorization: Bearer <token> (lorastream.ingest.auth.tokens)");
            case INVALID_TOKEN -> abort(request, "invalid_token", "invalid_token",
                    "the Authorization header does not carry a producer bearer token");
            case ALLOWED -> { }
        }
    }

    private static void abort(ContainerRequestContext request, String rule, String bearerError, String message) {
        String challenge = "Bearer realm=\"lorastream-ingest\"" + (bearerError == null ? "" : ", error=\"" + bearerError + "\"");
        request.abortWith(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(new ErrorBody(message, "Authorization", rule)).build());
    }
}
