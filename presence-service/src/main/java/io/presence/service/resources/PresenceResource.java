package io.presence.service.resources;

import io.presence.api.BatchRequest;
import io.presence.service.auth.BearerTokens;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.core.PresenceService;
import io.presence.service.http.ApiPaths;
import io.presence.service.http.PresenceJson;
import io.presence.service.http.RequestBodies;
import io.presence.service.http.UserIdLists;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

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
    private final BearerTokens tokens;

    public PresenceResource(PresenceService service, PresenceJson json, RequestBodies bodies, BearerTokens tokens) {
        this.service = service;
        this.json = json;
        this.bodies = bodies;
        this.tokens = tokens;
    }

    @GET
    public Response list(@QueryParam("users") List<String> users,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return lookup("users", UserIdLists.fromQuery("users", users), authorization);
    }

    @POST
    @Path("/" + ApiPaths.BATCH_SEGMENT)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response batch(BatchRequest request, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (request != null && request.userIds() != null) {
            // The node's limit first, in its words: the contract's bound (a Bean Validation size) would name another.
            UserIdLists.checkSize("userIds", request.userIds(), service.maxBatchSize());
        }
        return lookup("userIds", bodies.valid(request).userIds(), authorization);
    }

    /**
     * The users found, each as the reader sees them: the true state of their own presence (any user's for an
     * admin), privacy settings applied to everyone else's. A missing or invalid token reads like anyone.
     */
    private Response lookup(String field, List<String> userIds, String authorization) {
        UserIdLists.check(field, userIds, service.maxBatchSize());
        Optional<PresencePrincipal> reader = authorization == null ? Optional.empty() : tokens.optional(authorization);
        Predicate<String> ownView = userId -> reader.map(caller -> caller.mayWrite(userId)).orElse(false);
        // What a reader sees depends on their token: a cache must not answer one reader with another's copy.
        return Response.ok(json.bytes(service.findAll(userIds), ownView), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION).build();
    }
}
