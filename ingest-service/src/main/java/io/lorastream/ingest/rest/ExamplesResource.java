package io.lorastream.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.ingest.auth.ProducerOnly;
import io.lorastream.ingest.config.IngestConfig;
import io.lorastream.ingest.domain.BatchIngestor;
import io.lorastream.ingest.domain.BatchParser;
import io.lorastream.ingest.domain.BodyRejectedException;
import io.lorastream.ingest.domain.Channel;
import io.lorastream.ingest.domain.ExamplePreparer;
import io.lorastream.ingest.domain.IngestReport;
import io.lorastream.ingest.domain.ParsedRow;
import io.lorastream.ingest.domain.RowOutcome;
import io.lorastream.ingest.domain.TaskCatalog;
import io.lorastream.ingest.kafka.IngestLifecycle;
import io.lorastream.ingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /v1/tasks/{task}/examples}: validates a batch of labeled examples and answers 202
 * only after Kafka has acknowledged every accepted row.
 *
 * <p>The method is {@link NonBlocking} so that the framework reads a body of up to
 * {@code quarkus.rest.input-buffer-size} into memory on the event loop before the method runs; the work
 * itself (parse, prepare, send) then moves to a {@link RowWorkers} thread in one hand-off, and the answer comes back to the
 * event loop when Kafka has acknowledged the rows, with no thread waiting in between. A
 * {@code @Blocking} method would stream the body to a worker instead, which then waits for every chunk: a
 * slow client would hold a worker for as long as its upload takes. (Measured under the ingest benchmark's
 * load, the service's CPU per example is the same either way.) A larger body is streamed, read on a
 * worker, and refused with 413 as soon as it passes {@code lorastream.ingest.limits.max-body-bytes}.
 */
@Path("/v1/tasks/{task}/examples")
public class ExamplesResource {

    /** NDJSON media type: one JSON object per line. */
    public static final String NDJSON = "application/x-ndjson";

    private static final ObjectWriter REPORT_WRITER = ContractJson.mapper().writerFor(IngestReport.class);

    private final TaskCatalog catalog;
    private final ExamplePreparer preparer;
    private final BatchIngestor ingestor;
    private final IngestLifecycle lifecycle;
    private final IngestMetrics metrics;
    private final BatchParser parser;
    private final BodyReader bodyReader;
    private final RowWorkers rowWorkers;

    public ExamplesResource(TaskCatalog catalog, ExamplePreparer preparer, BatchIngestor ingestor,
                            IngestLifecycle lifecycle, IngestMetrics metrics, IngestConfig config, RowWorkers rowWorkers) {
        this.catalog = catalog;
        this.preparer = preparer;
        this.ingestor = ingestor;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.parser = new BatchParser(config.limits().maxRowsPerRequest());
        this.bodyReader = new BodyReader(config.limits().maxBodyBytes());
        this.rowWorkers = rowWorkers;
    }

    @POST
    @NonBlocking
    @ProducerOnly
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit labeled examples",
            description = "A JSON array (application/json) or NDJSON (application/x-ndjson) of "
                    + "{id?, text, label, weight?, source?, timestamp?}. Valid rows are accepted even when others "
                    + "are rejected; the response lists each rejected row's index, field and rule.")
    @APIResponse(responseCode = "202", description = "Every accepted row is acknowledged by Kafka",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestReport.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, invalid UTF-8, empty body or invalid task id")
    @APIResponse(responseCode = "401", description = "No producer token, or one that is not a producer token "
            + "(Authorization: Bearer <token>)")
    @APIResponse(responseCode = "404", description = "Unknown task")
    @APIResponse(responseCode = "413", description = "Body or row count over the limit")
    @APIResponse(responseCode = "415", description = "Content type is neither JSON nor NDJSON")
    @APIResponse(responseCode = "422", description = "Every row was rejected",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestReport.class)))
    @APIResponse(responseCode = "503", description = "Kafka unavailable, the service starting, or too many requests waiting; retry after Retry-After")
    public Uni<Response> submit(@Parameter(description = "task id") @PathParam("task") String task,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                InputStream body) {
        if (!TaskId.isValid(task)) {
            throw new BodyRejectedException(400, "task", "invalid_task_id", new TaskId.InvalidTaskIdException(task).getMessage());
        }
        boolean ndjson = isNdjson(contentType);
        if (!ndjson && !isJson(contentType)) {
            throw new BodyRejectedException(415, "Content-Type", "unsupported_media_type",
                    "Content-Type must be application/json (a JSON array) or " + NDJSON + " (one object a line), was "
                            + (contentType == null ? "missing" : "'" + contentType + "'"));
        }
        if (!lifecycle.isReady()) {
            throw new ServiceUnavailableException("the service is starting (" + lifecycle.notReadyReason() + ")", "not_ready");
        }
        TaskSpec spec = catalog.find(task).orElseThrow(() -> new BodyRejectedException(404, "task", "unknown_task",
                "unknown task '" + task + "': register it on lorastream.tasks (the registry's PUT /v1/tasks/" + task + ") first"));
        Context requestContext = Vertx.currentContext();
        // The report and the response are made where the answer is written anyway, on the request's event
        // loop, so that the producer's I/O thread only hands them over. (A failure, from the worker that
        // settled the write or parsed the body, reaches the event loop through the framework's resume.)
        Executor onTheEventLoop = work -> requestContext.runOnContext(ignored -> work.run());
        Timer.Sample sample = Timer.start();
        // A buffered body goes to the row workers (CPU only, as many as cores); a streamed one to the shared
        // pool, where a worker may wait for a slow upload's chunks (see RowWorkers).
        Executor worker = body instanceof ByteArrayInputStream ? rowWorkers : Infrastructure.getDefaultWorkerPool();
        return Uni.createFrom().completionStage(() -> ingest(spec, ndjson, body, onTheEventLoop))
                .runSubscriptionOn(worker)
                .map(ExamplesResource::response)
                .onTermination().invoke(() -> sample.stop(metrics.requestTimer(task)));
    }

    /**
     * Runs on a worker: parses, prepares and sends the rows. The report completes once Kafka has acknowledged
     * them; no thread waits for that (see {@link BatchIngestor}).
     */
    private CompletionStage<IngestReport> ingest(TaskSpec spec, boolean ndjson, InputStream body, Executor settleOn) {
        try {
            byte[] bytes = bodyReader.read(body);
            List<ParsedRow> rows = ndjson ? parser.parseNdjson(bytes) : parser.parseJsonArray(bytes);
            metrics.received(spec.task(), Channel.HTTP, rows.size());
            List<RowOutcome> outcomes = preparer.prepareAll(spec, Channel.HTTP, rows);
            return ingestor.writeAsync(spec, Channel.HTTP, outcomes, settleOn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response response(IngestReport report) {
        int status = report.accepted() == 0 && report.duplicates() == 0 ? 422 : 202;
        try {
            // Serialized here with a writer bound to the type: the framework's per-response writer
            // lookup and content negotiation cost more than the report itself (ingest profile).
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(REPORT_WRITER.writeValueAsBytes(report))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ingest report always serializes", e);
        }
    }

    static boolean isNdjson(String contentType) {
        String type = baseType(contentType);
        return type.equals(NDJSON) || type.equals("application/jsonl") || type.equals("application/x-jsonlines");
    }

    static boolean isJson(String contentType) {
        return baseType(contentType).equals(MediaType.APPLICATION_JSON);
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    }
}
