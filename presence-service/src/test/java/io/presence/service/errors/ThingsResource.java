package io.presence.service.errors;

import com.fasterxml.jackson.databind.JsonNode;
import io.presence.api.BatchRequest;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceUpdate;
import io.presence.service.core.InvalidInputException;
import io.presence.service.core.PresenceNotFoundException;
import io.presence.service.core.StoreConflictException;
import io.presence.service.core.StoreUnavailableException;
import io.presence.service.core.WriteForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Endpoints that provoke every kind of error. */
@Path("/things")
@Produces(MediaType.APPLICATION_JSON)
public class ThingsResource {

    @GET
    @Path("/{userId}")
    public Map<String, String> get(@PathParam("userId") @Pattern(regexp = PresenceLimits.USER_ID_REGEX) String userId) {
        return Map.of("userId", userId);
    }

    @PUT
    @Path("/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PresenceUpdate put(@PathParam("userId") @Pattern(regexp = PresenceLimits.USER_ID_REGEX) String userId,
                              @NotNull @Valid PresenceUpdate update) {
        return update;
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Integer> batch(@NotNull @Valid BatchRequest request) {
        return Map.of("count", request.userIds().size());
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode echo(JsonNode body) {
        return body;
    }

    @GET
    @Path("/search")
    public Map<String, Object> search(@QueryParam("users") @NotEmpty String users, @QueryParam("limit") int limit) {
        return Map.of("users", users, "limit", limit);
    }

    @GET
    @Path("/secret")
    @RolesAllowed("admin")
    public Map<String, String> secret() {
        return Map.of("secret", "s");
    }

    @GET
    @Path("/raw/{status}")
    public Response raw(@PathParam("status") int status, @QueryParam("text") String text) {
        return text == null ? Response.status(status).build()
                : Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(text).build();
    }

    @GET
    @Path("/fail/{kind}")
    public Map<String, String> fail(@PathParam("kind") String kind) throws IOException {
        switch (kind) {
            case "unavailable" -> throw new StoreUnavailableException("nats://10.1.2.3:4222 timed out",
                    Duration.ofMillis(1500), new IOException("connect timed out"));
            case "conflict" -> throw new StoreConflictException("alice", 7, null);
            case "notfound" -> throw new PresenceNotFoundException("alice");
            case "forbidden" -> throw new WriteForbiddenException("bob", "alice");
            case "unprocessable" -> throw InvalidInputException.unprocessable("ttlSeconds", "must be at most 3600");
            case "malformed" -> throw InvalidInputException.badRequest("users", "must not be empty");
            case "runtime" -> throw new IllegalStateException("secret internal detail");
            case "io" -> throw new IOException("disk on fire");
            case "eof" -> throw new org.eclipse.jetty.io.EofException("Early EOF");
            case "custom400" -> throw new BadRequestException("users must be comma separated");
            case "wae503" -> throw new ServiceUnavailableException(30L);
            case "wae500" -> throw new jakarta.ws.rs.InternalServerErrorException("db broke");
            default -> {
                return Map.of("kind", kind);
            }
        }
    }
}
