package io.lorastream.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.ObjectLayout;
import io.lorastream.registry.config.RegistryConfig;
import io.lorastream.registry.domain.AdapterFiles;
import io.lorastream.registry.domain.HistoryEntry;
import io.lorastream.registry.domain.TaskCatalog;
import io.lorastream.registry.domain.VersionCatalog;
import io.lorastream.registry.domain.VersionSummaries;
import io.lorastream.registry.domain.VersionSummary;
import io.lorastream.registry.store.ChampionHistoryStore;
import io.lorastream.registry.store.OutcomeStore;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.StoredObject;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /v1/tasks/{task}/versions}: every version with its status, metrics and lineage; one version in full. */
@Path("/v1/tasks/{task}/versions")
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {

    private static final Set<String> STATUSES = Set.of("candidate", "rejected", "promoting", "approved", "failed", "champion");
    /** training.json larger than this is not inlined in the version detail (download it instead). */
    private static final long MAX_INLINE_LINEAGE_BYTES = 1024 * 1024;

    private final VersionSummaries summaries;
    private final VersionCatalog versions;
    private final TaskCatalog tasks;
    private final OutcomeStore outcomes;
    private final ChampionHistoryStore history;
    private final AdapterFiles files;
    private final ObjectStore objects;
    private final ReadyGuard ready;
    private final RegistryConfig config;

    public VersionsResource(VersionSummaries summaries, VersionCatalog versions, TaskCatalog tasks, OutcomeStore outcomes,
                            ChampionHistoryStore history, AdapterFiles files, ObjectStore objects, ReadyGuard ready,
                            RegistryConfig config) {
        this.summaries = summaries;
        this.versions = versions;
        this.tasks = tasks;
        this.outcomes = outcomes;
        this.history = history;
        this.files = files;
        this.objects = objects;
        this.ready = ready;
        this.config = config;
    }

    /**
     * A page of versions, newest first: {@code {task, versions: [...], nextCursor}}. Pass
     * {@code nextCursor} as {@code cursor} for the next page; {@code status} filters.
     */
    @GET
    @Blocking
    @Operation(summary = "The task's versions, newest first (paged; status, metrics, lineage summary)")
    public Response list(@PathParam("task") String task, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        PathParams.task(task);
        ready.require();
        int pageSize = pageSize(limit);
        if (cursor != null) {
            PathParams.version(cursor, "cursor");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiException(400, "status", "invalid_status", "status " + PathParams.shown(status)
                    + " is invalid: it must be one of " + new java.util.TreeSet<>(STATUSES));
        }
        requireKnown(task);
        List<VersionSummary> all = summaries.list(task, status);
        List<VersionSummary> page = new ArrayList<>(pageSize);
        String next = null;
        for (VersionSummary summary : all) {
            if (cursor != null && summary.version().compareTo(cursor) >= 0) {
                continue;
            }
            if (page.size() == pageSize) {
                next = page.get(page.size() - 1).version();
                break;
            }
            page.add(summary);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("versions", page);
        body.put("nextCursor", next);
        return Response.ok(ContractJson.toBytes(body)).build();
    }

    /** One version in full: status, candidate (lineage), decision (evaluation), outcome, history, files, training.json. */
    @GET
    @Path("{version}")
    @Blocking
    @Operation(summary = "One version with its full lineage and evaluation")
    public Response get(@PathParam("task") String task, @PathParam("version") String version) throws IOException {
        PathParams.task(task);
        PathParams.version(version);
        ready.require();
        VersionSummary summary = summaries.find(task, version).orElseThrow(() -> new ApiException(404, "version",
                "unknown_version", "task " + task + " has no version " + version));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("summary", summary);
        body.put("candidate", versions.candidate(task, version).orElse(null));
        body.put("decision", versions.decision(task, version).orElse(null));
        body.put("outcome", outcomes.find(task, version, false).orElse(null));
        List<HistoryEntry> changes = history.entries(task, false).stream().filter(e -> e.version().equals(version)).toList();
        body.put("championChanges", changes);
        body.put("files", fileList(task, version));
        body.put("training", training(task, version));
        return Response.ok(ContractJson.toBytes(body)).build();
    }

    private List<Map<String, Object>> fileList(String task, String version) {
        Map<String, String> announced = files.announcedFiles(task, version).orElse(Map.of());
        List<Map<String, Object>> out = new ArrayList<>();
        String prefix = ObjectLayout.adapterPrefix(task, version);
        for (Map.Entry<String, String> file : announced.entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", file.getKey());
            entry.put("sha256", file.getValue());
            Optional<StoredObject> stored = objects.stat(prefix + file.getKey());
            entry.put("sizeBytes", stored.map(StoredObject::size).orElse(null));
            entry.put("promoted", stored.isPresent());
            entry.put("path", "/v1/tasks/" + task + "/versions/" + version + "/files/" + file.getKey());
            out.add(entry);
        }
        return out;
    }

    /** The trainer's training.json, from the promoted copy or else the candidate's, as JSON; null when absent or large. */
    private JsonNode training(String task, String version) throws IOException {
        for (String prefix : List.of(ObjectLayout.adapterPrefix(task, version), ObjectLayout.candidatePrefix(task, version))) {
            Optional<StoredObject> stored = objects.stat(prefix + "training.json");
            if (stored.isPresent() && stored.get().size() <= MAX_INLINE_LINEAGE_BYTES) {
                return ContractJson.mapper().readTree(objects.getBytes(prefix + "training.json"));
            }
        }
        return null;
    }

    private int pageSize(String limit) {
        if (limit == null) {
            return config.limits().defaultPageSize();
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= config.limits().maxPageSize()) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "limit", "invalid_limit", "limit " + PathParams.shown(limit)
                + " is invalid: it must be a whole number from 1 to " + config.limits().maxPageSize());
    }

    private void requireKnown(String task) {
        if (!tasks.contains(task) && !versions.knowsTask(task)) {
            throw TasksResource.unknownTask(task);
        }
    }
}
