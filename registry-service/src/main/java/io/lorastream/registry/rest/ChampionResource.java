package io.lorastream.registry.rest;

import io.lorastream.contracts.ChampionEvent;
import io.lorastream.contracts.ContractJson;
import io.lorastream.registry.auth.CallerHolder;
import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.registry.domain.ChampionBoard;
import io.lorastream.registry.domain.ChampionChange;
import io.lorastream.registry.domain.HistoryEntry;
import io.lorastream.registry.domain.PromotionService;
import io.lorastream.registry.domain.TaskCatalog;
import io.lorastream.registry.domain.VersionCatalog;
import io.lorastream.registry.metrics.RegistryMetrics;
import io.lorastream.registry.store.ChampionHistoryStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /v1/tasks/{task}/champion}: the task's champion for inference services (ETag = version,
 * {@code If-None-Match} → 304, {@code ?wait=} long-poll, an SSE stream of changes), its history, and
 * manual promotion or rollback for admins.
 */
@Path("/v1/tasks/{task}/champion")
public class ChampionResource {

    private final ChampionBoard board;
    private final TaskCatalog tasks;
    private final VersionCatalog versions;
    private final ChampionHistoryStore history;
    private final PromotionService promotions;
    private final CallerHolder caller;
    private final RegistryMetrics metrics;
    private final ReadyGuard ready;
    private final RegistryConfig config;
    /** Sends the SSE keep-alive comments. */
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "registry-sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public ChampionResource(ChampionBoard board, TaskCatalog tasks, VersionCatalog versions, ChampionHistoryStore history,
                            PromotionService promotions, CallerHolder caller, RegistryMetrics metrics, ReadyGuard ready,
                            RegistryConfig config) {
        this.board = board;
        this.tasks = tasks;
        this.versions = versions;
        this.history = history;
        this.promotions = promotions;
        this.caller = caller;
        this.metrics = metrics;
        this.ready = ready;
        this.config = config;
    }

    /**
     * The champion. With {@code If-None-Match: "<version>"} it answers 304 while that version is
     * still champion; with {@code ?wait=30s} as well, it holds the request until the champion changes
     * (answering 200 at once) or the wait is over (304). Without a champion it answers 404, or with
     * a wait, waits for the first one.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The task's champion adapter (long-poll with ?wait=30s and If-None-Match)")
    @APIResponse(responseCode = "200", description = "The champion, a ChampionEvent; ETag is its version")
    @APIResponse(responseCode = "304", description = "Still the version named in If-None-Match")
    @APIResponse(responseCode = "404", description = "No champion (rule no_champion) or unknown task (rule unknown_task)")
    public Uni<Response> champion(@PathParam("task") String task, @QueryParam("wait") String wait,
                                  @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        PathParams.task(task);
        ready.require();
        Duration waitFor = WaitParameter.parse(wait, config.serving().maxWait());
        String known = EntityTags.knownVersion(ifNoneMatch);
        if (ifNoneMatch != null && ifNoneMatch.strip().equals("*")) {
            known = board.current(task).map(ChampionEvent::version).orElse(null);
        }
        String knownVersion = known;
        java.util.concurrent.CompletableFuture<Optional<ChampionEvent>> change = board.awaitChange(task, knownVersion, waitFor);
        if (change.isDone()) {
            // Answered now (no wait asked for, or the champion differs): no thread hop.
            return Uni.createFrom().item(() -> answer(task, change.join(), knownVersion));
        }
        // Woken on the view's Kafka thread or the timer's: answer on a worker instead.
        return Uni.createFrom().completionStage(change).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(champion -> answer(task, champion, knownVersion));
    }

    private Response answer(String task, Optional<ChampionEvent> champion, String knownVersion) {
        if (champion.isEmpty()) {
            metrics.championLookup("none");
            boolean known = tasks.contains(task) || versions.knowsTask(task);
            throw known ? new ApiException(404, "task", "no_champion", "task " + task + " has no champion yet")
                    : TasksResource.unknownTask(task);
        }
        ChampionEvent current = champion.get();
        String etag = EntityTags.of(current.version());
        if (current.version().equals(knownVersion)) {
            metrics.championLookup("not_modified");
            return Response.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
        }
        metrics.championLookup("modified");
        return Response.ok(ContractJson.toBytes(current), MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    /**
     * Makes an approved version champion, or restores a former one (admin): {@code {"version": …,
     * "reason": …}}. The change is recorded in the champion history with the admin token's name.
     */
    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Promote an approved version or roll back to a former champion (admin)")
    @APIResponse(responseCode = "200", description = "{changed, champion}: the champion now")
    @APIResponse(responseCode = "404", description = "Unknown version")
    @APIResponse(responseCode = "409", description = "The version is not approved or its files are not promoted or corrupt")
    public Response change(@PathParam("task") String task, InputStream body) throws IOException {
        PathParams.task(task);
        ready.require();
        PromotionRequest request = PromotionRequest.parse(BodyReader.read(body, config.limits().maxBodyBytes()),
                config.limits().maxReasonChars());
        ChampionChange change = promotions.changeChampion(task, request.version(), request.reason(), caller.get().name());
        return Response.ok(ContractJson.toBytes(Map.of("changed", change.changed(), "champion", change.entry().toEvent())))
                .build();
    }

    /** Every champion change of the task, oldest first: who, when, why. */
    @GET
    @Path("history")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The task's champion history (who, when, why)")
    public Response history(@PathParam("task") String task) {
        PathParams.task(task);
        ready.require();
        List<HistoryEntry> entries = history.entries(task, false);
        return Response.ok(ContractJson.toBytes(Map.of("task", task, "changes", entries))).build();
    }

    /**
     * Server-sent events: {@code event: champion} with the ChampionEvent as data and the version as
     * id, first the current champion (if any), then every change; a keep-alive comment in between.
     */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "A stream (SSE) of the task's champion changes")
    public void events(@PathParam("task") String task, @Context SseEventSink sink, @Context Sse sse) {
        PathParams.task(task);
        ready.require();
        metrics.sseOpened();
        AtomicBoolean open = new AtomicBoolean(true);
        AutoCloseable[] subscription = new AutoCloseable[1];
        ScheduledFuture<?>[] heartbeat = new ScheduledFuture<?>[1];
        Runnable close = () -> {
            if (open.compareAndSet(true, false)) {
                metrics.sseClosed();
                if (heartbeat[0] != null) {
                    heartbeat[0].cancel(false);
                }
                try {
                    subscription[0].close();
                    sink.close();
                } catch (Exception ignored) {
                    // closing a dead stream
                }
            }
        };
        java.util.function.Consumer<OutboundSseEvent> send = event -> {
            if (!open.get() || sink.isClosed()) {
                close.run();
                return;
            }
            sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    close.run();
                }
            });
        };
        subscription[0] = board.subscribe(champion -> {
            if (champion.task().equals(task)) {
                send.accept(event(sse, champion));
            }
        });
        board.current(task).ifPresent(champion -> send.accept(event(sse, champion)));
        long every = config.serving().sseHeartbeat().toMillis();
        heartbeat[0] = heartbeats.scheduleAtFixedRate(() -> send.accept(sse.newEventBuilder().comment("keep-alive").build()),
                every, every, TimeUnit.MILLISECONDS);
    }

    private static OutboundSseEvent event(Sse sse, ChampionEvent champion) {
        // The data is the ChampionEvent's JSON text, sent as is (a String data item is written verbatim).
        return sse.newEventBuilder().name("champion").id(champion.version()).data(ContractJson.toJson(champion)).build();
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
    }
}
