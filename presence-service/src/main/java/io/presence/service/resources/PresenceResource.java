package io.presence.service.resources;

import io.dropwizard.auth.Auth;
import io.presence.api.BatchRequest;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceList;
import io.presence.api.PresenceUpdate;
import io.presence.service.auth.PresencePrincipal;
import io.presence.service.core.PresenceNotFoundException;
import io.presence.service.core.PresenceRecord;
import io.presence.service.core.PresenceService;
import io.presence.service.errors.InvalidInputException;
import io.presence.service.errors.RequestBodies;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /api/v2/presence}: read anyone's presence, write your own with a token. */
@Path(PresenceResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public final class PresenceResource {

    public static final String PATH = "/api/v2/presence";
    /** The servlet URL pattern of the single-user paths, which the servlet-level read and write filters take. */
    public static final String USER_PATTERN = PATH + "/*";
    /**
     * One user's path: any segment but {@code batch}, which Jersey would otherwise route here for GET and
     * PUT (reading the body first); this way they are the batch path's 405 with its {@code Allow}.
     */
    private static final String USER_PATH = "/{userId: (?!" + ApiMethods.BATCH_SEGMENT + "$)[^/]+}";

    private final PresenceService service;
    private final PresenceReads reads;
    private final PresenceWrites writes;
    private final RequestBodies bodies;

    public PresenceResource(PresenceService service, PresenceReads reads, PresenceWrites writes,
                            RequestBodies bodies) {
        this.service = service;
        this.reads = reads;
        this.writes = writes;
        this.bodies = bodies;
    }

    /** Reads {@link CachedReadFilter} did not answer from the cache: misses, unknown users, bad ids. */
    @GET
    @Path(USER_PATH)
    public Response get(@PathParam("userId") String userId,
                        @HeaderParam(HttpHeaders.IF_NONE_MATCH) List<String> ifNoneMatch) {
        checkUserId("userId", userId);
        PresenceRecord record = service.find(userId).orElseThrow(() -> new PresenceNotFoundException(userId));
        PresenceReads.Answer answer = reads.answer(record, EntityTags.combined(ifNoneMatch.iterator()));
        return Response.status(answer.status()).entity(answer.body())
                .header(HttpHeaders.ETAG, answer.etag())
                .header(HttpHeaders.CACHE_CONTROL, PresenceReads.CACHE_CONTROL).build();
    }

    @GET
    public PresenceList list(@QueryParam("users") List<String> users) {
        return lookup("users", UserIdLists.fromQuery("users", users));
    }

    @POST
    @Path("/" + ApiMethods.BATCH_SEGMENT)
    @Consumes(MediaType.APPLICATION_JSON)
    public PresenceList batch(BatchRequest request) {
        return lookup("userIds", bodies.valid(request).userIds());
    }

    /** Writes {@link DirectWriteFilter} did not answer: anything but a plain, valid, permitted write. */
    @PUT
    @Path(USER_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@Auth PresencePrincipal principal, @PathParam("userId") String userId,
                        @HeaderParam(HttpHeaders.IF_MATCH) List<String> ifMatch,
                        @HeaderParam(HttpHeaders.IF_NONE_MATCH) List<String> ifNoneMatch, PresenceUpdate update) {
        PresenceWrites.Answer answer = writes.commit(writes.prepare(principal, userId,
                EntityTags.combined(ifMatch.iterator()), EntityTags.combined(ifNoneMatch.iterator()), update));
        return Response.ok(answer.body(), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, answer.etag()).build();
    }

    private PresenceList lookup(String field, List<String> userIds) {
        UserIdLists.check(field, userIds, service.maxBatchSize());
        return PresenceMapper.toApi(service.findAll(userIds));
    }

    static void checkUserId(String field, String userId) {
        if (!PresenceLimits.isValidUserId(userId)) {
            throw InvalidInputException.badRequest(field, PresenceLimits.USER_ID_RULE);
        }
    }
}
