package io.presence.service.resources;

import io.presence.api.BatchRequest;
import io.presence.service.core.PresenceService;
import io.presence.service.http.ApiPaths;
import io.presence.service.http.PresenceJson;
import io.presence.service.http.RequestBodies;
import io.presence.service.http.UserIdLists;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The lookups of several users: {@code GET /api/v2/presence?users=} and {@code POST /api/v2/presence/batch}.
 * One user's routes are {@code UserPresenceServlet}'s; a new endpoint that is not on the hot path goes here.
 */
@Path(ApiPaths.PRESENCE)
@Produces(MediaType.APPLICATION_JSON)
public final class PresenceResource {

    private final PresenceService service;
    private final PresenceJson json;
    private final RequestBodies bodies;

    public PresenceResource(PresenceService service, PresenceJson json, RequestBodies bodies) {
        this.service = service;
        this.json = json;
        this.bodies = bodies;
    }

    @GET
    public Response list(@QueryParam("users") List<String> users) {
        return lookup("users", UserIdLists.fromQuery("users", users));
    }

    @POST
    @Path("/" + ApiPaths.BATCH_SEGMENT)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response batch(BatchRequest request) {
        return lookup("userIds", bodies.valid(request).userIds());
    }

    private Response lookup(String field, List<String> userIds) {
        UserIdLists.check(field, userIds, service.maxBatchSize());
        return Response.ok(json.bytes(service.findAll(userIds)), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
