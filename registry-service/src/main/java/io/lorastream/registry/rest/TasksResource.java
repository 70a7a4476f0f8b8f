package io.lorastream.registry.rest;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskSpec;
import io.lorastream.contracts.Topics;
import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.registry.domain.TaskCatalog;
import io.lorastream.registry.kafka.RegistryProducer;
import io.lorastream.registry.kafka.StateFollower;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/** {@code /v1/tasks}: the task specs on the compacted tasks topic, read by everyone, written by admins. */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private static final Logger LOG = Logger.getLogger(TasksResource.class);

    private final TaskCatalog tasks;
    private final RegistryProducer producer;
    private final StateFollower view;
    private final ReadyGuard ready;
    private final RegistryConfig config;

    public TasksResource(TaskCatalog tasks, RegistryProducer producer, StateFollower view, ReadyGuard ready,
                         RegistryConfig config) {
        this.tasks = tasks;
        this.producer = producer;
        this.view = view;
        this.ready = ready;
        this.config = config;
    }

    /** Every task: {@code {"tasks": [TaskSpec, …]}}. */
    @GET
    @Operation(summary = "List the tasks")
    public Response list() {
        ready.require();
        List<TaskSpec> all = tasks.all();
        return Response.ok(ContractJson.toBytes(Map.of("tasks", all))).build();
    }

    @GET
    @Path("{task}")
    @Operation(summary = "One task's spec")
    @APIResponse(responseCode = "404", description = "Unknown task")
    public Response get(@PathParam("task") String task) {
        PathParams.task(task);
        ready.require();
        TaskSpec spec = tasks.find(task).orElseThrow(() -> unknownTask(task));
        return Response.ok(ContractJson.toBytes(spec)).build();
    }

    /**
     * Creates or replaces a task spec (admin). The spec is validated, written to the tasks topic with
     * acks from every in-sync replica, and answered once this replica's view shows it.
     */
    @PUT
    @Path("{task}")
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create or update a task (admin)",
            description = "A TaskSpec; only task and labels are required. 201 when new, 200 when replaced.")
    @APIResponse(responseCode = "400", description = "Invalid spec, naming the field and the rule")
    @APIResponse(responseCode = "503", description = "Kafka unavailable")
    public Response put(@PathParam("task") String task, InputStream body) throws IOException {
        PathParams.task(task);
        ready.require();
        TaskSpec spec = ContractJson.fromBytes(BodyReader.read(body, config.limits().maxBodyBytes()), TaskSpec.class);
        if (!spec.task().equals(task)) {
            throw new ApiException(400, "task", "task_mismatch", "the body's task '" + spec.task()
                    + "' differs from the path's '" + task + "'");
        }
        boolean existed = tasks.contains(task);
        producer.putTask(spec);
        view.catchUp(Topics.TASKS, config.promotion().viewCatchUp());
        LOG.infof("task %s %s", task, existed ? "updated" : "created");
        return Response.status(existed ? 200 : 201).entity(ContractJson.toBytes(spec)).build();
    }

    static ApiException unknownTask(String task) {
        return new ApiException(404, "task", "unknown_task", "unknown task '" + task + "': create it with PUT /v1/tasks/"
                + task);
    }
}
