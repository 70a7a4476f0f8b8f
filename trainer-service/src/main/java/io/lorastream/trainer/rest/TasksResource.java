package io.lorastream.trainer.rest;

import io.lorastream.contracts.TaskId;
import io.lorastream.trainer.auth.AdminOnly;
import io.lorastream.trainer.domain.JobRunner;
import io.lorastream.trainer.kafka.TrainerState;
import io.lorastream.trainer.kafka.TrainingStreamConsumer;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The trainer's admin API: the tasks this replica owns with their window sizes and job state;
 * start a task's job now; cancel its running job.
 */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private final TrainerState state;
    private final JobRunner runner;
    private final TrainingStreamConsumer consumer;

    public TasksResource(TrainerState state, JobRunner runner, TrainingStreamConsumer consumer) {
        this.state = state;
        this.runner = runner;
        this.consumer = consumer;
    }

    @GET
    @Operation(summary = "Tasks this replica owns, with buffered examples, planned windows, the running job and recent jobs")
    public List<TaskView> list() {
        return state.tasks().values().stream()
                .sorted(Comparator.comparing(TrainerState.TaskStatus::task))
                .map(s -> TaskView.of(s, runner))
                .toList();
    }

    @GET
    @Path("/{task}")
    @Operation(summary = "One task's window sizes, job and recent jobs")
    @APIResponse(responseCode = "404", description = "No examples of the task on this replica's partitions")
    public Response get(@PathParam("task") String task) {
        requireTaskId(task);
        return state.task(task).map(s -> Response.ok(TaskView.of(s, runner)).build()).orElseGet(() -> notHere(task));
    }

    @POST
    @Path("/{task}/jobs")
    @AdminOnly
    @Operation(summary = "Start a job now on whatever the task has pending (or release a held window)")
    @APIResponse(responseCode = "202", description = "Requested; the job starts on the consumer's next turn")
    @APIResponse(responseCode = "404", description = "No examples of the task on this replica")
    @APIResponse(responseCode = "409", description = "The task already has a job")
    public Response trigger(@PathParam("task") String task) {
        requireTaskId(task);
        TrainerState.TaskStatus status = state.task(task).orElse(null);
        if (status == null) {
            return notHere(task);
        }
        if (runner.active(task).isPresent()) {
            return Response.status(409).entity(new ErrorBody("task '" + task + "' already has a job ("
                    + runner.active(task).get().version() + "); cancel it first or wait", "task", "job_running")).build();
        }
        if (status.pendingExamples() == 0 && status.plannedWindows() == 0) {
            return Response.status(409).entity(new ErrorBody("task '" + task + "' has no examples waiting for training",
                    "task", "nothing_to_train")).build();
        }
        consumer.requestJob(task);
        return Response.accepted(new Requested(task, "a job will start on the consumer's next turn")).build();
    }

    @DELETE
    @Path("/{task}/jobs/current")
    @AdminOnly
    @Operation(summary = "Cancel the task's queued or running job; its window waits and is trained later")
    @APIResponse(responseCode = "202", description = "Cancellation requested")
    @APIResponse(responseCode = "404", description = "The task has no job")
    public Response cancel(@PathParam("task") String task) {
        requireTaskId(task);
        if (!runner.cancel(task)) {
            return Response.status(404).entity(new ErrorBody("task '" + task + "' has no job to cancel", "task",
                    "no_job")).build();
        }
        return Response.accepted(new Requested(task, "the job stops within a training step")).build();
    }

    /** What was asked for. */
    public record Requested(String task, String message) {
    }

    private static void requireTaskId(String task) {
        if (!TaskId.isValid(task)) {
            throw new jakarta.ws.rs.WebApplicationException(Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorBody(new TaskId.InvalidTaskIdException(task).getMessage(), "task", "invalid_task_id"))
                    .build());
        }
    }

    private static Response notHere(String task) {
        return Response.status(404).entity(new ErrorBody("no examples of task '" + task + "' on this replica: the task is "
                + "unknown, has nothing buffered, or its partition belongs to another trainer replica", "task",
                "not_on_this_replica")).build();
    }
}
