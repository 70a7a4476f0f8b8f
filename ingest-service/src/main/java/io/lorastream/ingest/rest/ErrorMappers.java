package io.lorastream.ingest.rest;

import io.lorastream.ingest.domain.BodyRejectedException;
import io.lorastream.ingest.domain.ExampleWriteException;
import io.lorastream.ingest.kafka.KafkaClientSettings;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the service's exceptions into JSON error responses that name the field and the rule. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final KafkaClientSettings settings;

    public ErrorMappers(KafkaClientSettings settings) {
        this.settings = settings;
    }

    @ServerExceptionMapper
    public Response bodyRejected(BodyRejectedException e) {
        return json(e.status(), new ErrorBody(e.getMessage(), e.field(), e.rule()));
    }

    @ServerExceptionMapper
    public Response writeFailed(ExampleWriteException e) {
        LOG.warnf("request failed: %s", e.getMessage());
        return unavailable(e.getMessage() + ". Nothing was reported as accepted; retry the whole request: "
                + "rows Kafka did acknowledge are recognized as duplicates and not written twice", "kafka_unavailable");
    }

    @ServerExceptionMapper
    public Response serviceUnavailable(ServiceUnavailableException e) {
        return unavailable(e.getMessage(), e.rule());
    }

    private Response unavailable(String message, String rule) {
        return Response.status(503)
                .header("Retry-After", Integer.toString(settings.retryAfterSeconds()))
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message, null, rule))
                .build();
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
