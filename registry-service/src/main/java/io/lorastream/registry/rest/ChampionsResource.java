package io.lorastream.registry.rest;

import io.lorastream.contracts.ContractJson;
import io.lorastream.registry.domain.ChampionBoard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/champions}: the champion of every task at once, for dashboards and operators. */
@Path("/v1/champions")
public class ChampionsResource {

    private final ChampionBoard board;
    private final ReadyGuard ready;

    public ChampionsResource(ChampionBoard board, ReadyGuard ready) {
        this.board = board;
        this.ready = ready;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every task's champion")
    public Response all() {
        ready.require();
        return Response.ok(ContractJson.toBytes(Map.of("champions", board.all()))).build();
    }
}
