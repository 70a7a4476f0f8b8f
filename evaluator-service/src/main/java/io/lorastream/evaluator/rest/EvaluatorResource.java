package io.lorastream.evaluator.rest;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.DecisionEvent;
import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.VersionId;
import io.lorastream.evaluator.auth.AdminOnly;
import io.lorastream.evaluator.domain.EvaluationSets;
import io.lorastream.evaluator.domain.EvaluationSnapshot;
import io.lorastream.evaluator.domain.GoldenSetException;
import io.lorastream.evaluator.domain.TransientException;
import io.lorastream.evaluator.store.S3DecisionLedger;
import io.lorastream.evaluator.store.S3GoldenSets;
import io.lorastream.servicekit.kafka.CompactedTopicFollower;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluator's small operator API: what a task's evaluation sets hold, its golden set (upload, read, remove),
 * and a candidate's recorded decision. The data path never calls it: candidates and decisions travel on Kafka.
 * Reads are open; writes ({@link AdminOnly}) need an admin bearer token.
 */
@Path("/v1/tasks/{task}")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluatorResource {

    /** Golden sets are JSON Lines; these are the types such a body arrives as. */
    static final String JSONL = "application/x-ndjson";

    private final EvaluationSets sets;
    private final CompactedTopicFollower<TaskSpec> catalog;
    private final CompactedTopicFollower<ChampionEvent> champions;
    private final S3GoldenSets golden;
    private final S3DecisionLedger ledger;

    public EvaluatorResource(EvaluationSets sets, CompactedTopicFollower<TaskSpec> catalog,
                             CompactedTopicFollower<ChampionEvent> champions, S3GoldenSets golden,
                             S3DecisionLedger ledger) {
        this.sets = sets;
        this.catalog = catalog;
        this.champions = champions;
        this.golden = golden;
        this.ledger = ledger;
    }

    /** Item counts of the task's held-out window and retention set, by label, and the champion candidates face. */
    @GET
    @Path("/evaluation-sets")
    public Response evaluationSets(@PathParam("task") String task) {
        return checked(task, () -> {
            EvaluationSnapshot snapshot = sets.snapshot(task);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task", task);
            body.put("champion", champions.find(task).map(ChampionEvent::version).orElse(null));
            body.put("holdout", Map.of("items", snapshot.window().size(), "labels", EvaluationSets.labelCounts(snapshot.window())));
            body.put("retention", Map.of("items", snapshot.retention().size(),
                    "labels", EvaluationSets.labelCounts(snapshot.retention())));
            return Response.ok(body).build();
        });
    }

    /** Replaces the task's golden set with the body (JSON Lines of {"text", "label"}), after validating every line. */
    @PUT
    @AdminOnly
    @Path("/golden-set")
    @Consumes({JSONL, "application/jsonl", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Response putGoldenSet(@PathParam("task") String task, byte[] body) {
        return checked(task, () -> {
            Optional<TaskSpec> spec = catalog.find(task);
            if (spec.isEmpty()) {
                return error(Response.Status.NOT_FOUND, "no task '" + task + "'", "task", "unknown_task");
            }
            try {
                int items = golden.put(task, body, spec.get().labels());
                return Response.ok(Map.of("task", task, "items", items, "key", golden.key(task))).build();
            } catch (GoldenSetException e) {
                return error(Response.Status.BAD_REQUEST, e.getMessage(), "body", "invalid_golden_set");
            }
        });
    }

    /** The task's golden set as stored. */
    @GET
    @Path("/golden-set")
    @Produces(JSONL)
    public Response getGoldenSet(@PathParam("task") String task) {
        return checked(task, () -> golden.raw(task)
                .map(bytes -> Response.ok(bytes, JSONL).build())
                .orElseGet(() -> error(Response.Status.NOT_FOUND, "task '" + task + "' has no golden set", "task",
                        "no_golden_set")));
    }

    /** Removes the task's golden set: later candidates are judged without it. */
    @DELETE
    @AdminOnly
    @Path("/golden-set")
    public Response deleteGoldenSet(@PathParam("task") String task) {
        return checked(task, () -> {
            golden.delete(task);
            return Response.noContent().build();
        });
    }

    /** A candidate's recorded decision ({@code evaluation.json}). */
    @GET
    @Path("/decisions/{version}")
    public Response decision(@PathParam("task") String task, @PathParam("version") String version) {
        return checked(task, () -> {
            if (!VersionId.isValid(version)) {
                return error(Response.Status.BAD_REQUEST, "version id '" + version + "' must match " + VersionId.RULE,
                        "version", "invalid_version_id");
            }
            Optional<DecisionEvent> decision = ledger.find(task, version);
            return decision.map(d -> Response.ok(ContractJson.toJson(d), MediaType.APPLICATION_JSON).build())
                    .orElseGet(() -> error(Response.Status.NOT_FOUND, "no decision on " + version + " of " + task,
                            "version", "no_decision"));
        });
    }

    private static Response checked(String task, java.util.function.Supplier<Response> handler) {
        if (!TaskId.isValid(task)) {
            return error(Response.Status.BAD_REQUEST, "task id '" + task + "' must match " + TaskId.RULE, "task",
                    "invalid_task_id");
        }
        try {
            return handler.get();
        } catch (TransientException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage(), "s3", "store_unavailable");
        }
    }

    private static Response error(Response.Status status, String message, String field, String rule) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message, field, rule)).build();
    }
}
