package io.lorastream.registry.rest;

import io.lorastream.contracts.ContractViolationException;
import io.lorastream.registry.domain.PromotionRefusedException;
import io.lorastream.registry.domain.RetriableException;
import io.lorastream.store.ObjectStoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the registry's exceptions into JSON error responses that name the field and the rule. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** Seconds a client is told to wait after a 503. */
    static final String RETRY_AFTER_SECONDS = "2";

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = json(e.status(), e.body());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response contract(ContractViolationException e) {
        return json(400, new ErrorBody(e.getMessage(), "(body)", "contract_violation")).build();
    }

    @ServerExceptionMapper
    public Response refused(PromotionRefusedException e) {
        int status = e.reason() == PromotionRefusedException.Reason.UNKNOWN_VERSION ? 404 : 409;
        return json(status, new ErrorBody(e.getMessage(), "version", e.reason().name().toLowerCase())).build();
    }

    @ServerExceptionMapper
    public Response retriable(RetriableException e) {
        LOG.warnf("request failed, retriable: %s", e.getMessage());
        return unavailable(e.getMessage(), "dependency_unavailable");
    }

    @ServerExceptionMapper
    public Response store(ObjectStoreException e) {
        if (e.isRetriable()) {
            LOG.warnf("request failed, S3 unavailable: %s", e.getMessage());
            return unavailable("the object store is unavailable: " + e.getMessage(), "s3_unavailable");
        }
        LOG.errorf("request failed in the object store: %s", e.getMessage());
        return json(500, new ErrorBody("the object store refused the request: " + e.getMessage(), null, "s3_error")).build();
    }

    /** The framework's own 404, 405, 406, 415 and the like, with our body instead of an empty or HTML one. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String rule = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        return json(status, new ErrorBody(e.getMessage(), null, rule)).build();
    }

    static Response unavailable(String message, String rule) {
        return json(503, new ErrorBody(message, null, rule)).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    private static Response.ResponseBuilder json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
    }
}
