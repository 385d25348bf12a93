package io.presence.client;

import io.presence.api.Presence;
import io.presence.api.SessionList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * One user's paths on the API, {@code /api/v2/presence/{userId}[/sessions[/{sessionId}]]}, and the calls that
 * change them. Every change is answered with the user's aggregate presence and the user's revision as its ETag,
 * which is kept for the next conditional GET of the user.
 */
final class UserResource {

    static final String PRESENCE = "api/v2/presence";
    private static final String SESSIONS = "sessions";

    private final RequestPipeline pipeline;
    private final EtagCache etags;

    UserResource(RequestPipeline pipeline, EtagCache etags) {
        this.pipeline = pipeline;
        this.etags = etags;
    }

    static HttpUrl userUrl(HttpUrl base, String userId) {
        return base.newBuilder().addPathSegments(PRESENCE).addPathSegment(userId).build();
    }

    private static HttpUrl sessionsUrl(HttpUrl base, String userId) {
        return base.newBuilder().addPathSegments(PRESENCE).addPathSegment(userId).addPathSegment(SESSIONS).build();
    }

    private static Function<HttpUrl, HttpUrl> sessionUrl(String userId, String sessionId) {
        return base -> sessionsUrl(base, userId).newBuilder().addPathSegment(sessionId).build();
    }

    /** Writes the user's own path: on a server with sessions, the session {@code default}. */
    CompletableFuture<Presence> put(String userId, StatusUpdate update, Map<String, String> headers) {
        Inputs.userId(userId);
        return put(userId, base -> userUrl(base, userId), update, headers);
    }

    CompletableFuture<Presence> putSession(String userId, String sessionId, StatusUpdate update) {
        Inputs.userId(userId);
        Inputs.sessionId(sessionId);
        return put(userId, sessionUrl(userId, sessionId), update, Map.of());
    }

    private CompletableFuture<Presence> put(String userId, Function<HttpUrl, HttpUrl> url, StatusUpdate update,
                                            Map<String, String> headers) {
        Inputs.required(update, "update");
        // PUT is idempotent: same body, same state
        return change(userId, new RequestPipeline.Spec("PUT", url, Json.write(update.toRequest()), headers, Set.of(),
                true));
    }

    CompletableFuture<Presence> endSession(String userId, String sessionId) {
        Inputs.userId(userId);
        Inputs.sessionId(sessionId);
        return end(userId, sessionUrl(userId, sessionId));
    }

    /**
     * As {@link #endSession}, tried once: a heartbeat's sign-out on close, which must not hold its caller through
     * the retry policy (the session lapses at its TTL anyway when this fails).
     */
    CompletableFuture<Presence> endSessionOnce(String userId, String sessionId) {
        Inputs.userId(userId);
        Inputs.sessionId(sessionId);
        return change(userId, new RequestPipeline.Spec("DELETE", sessionUrl(userId, sessionId), null, Map.of(),
                Set.of(), false));
    }

    CompletableFuture<Presence> endAll(String userId) {
        Inputs.userId(userId);
        return end(userId, base -> userUrl(base, userId));
    }

    /**
     * A DELETE is retried like every call: its effect holds (the session stays ended), and a retry after a lost
     * answer finds nothing to end and fails with {@link PresenceNotFoundException}.
     */
    private CompletableFuture<Presence> end(String userId, Function<HttpUrl, HttpUrl> url) {
        return change(userId, new RequestPipeline.Spec("DELETE", url, null, Map.of(), Set.of(), true));
    }

    CompletableFuture<SessionList> sessions(String userId) {
        Inputs.userId(userId);
        CompletableFuture<RequestPipeline.Reply> call = pipeline.execute(new RequestPipeline.Spec("GET",
                base -> sessionsUrl(base, userId), null, Map.of(), Set.of(), true));
        return Cancellation.propagate(call.thenApply(reply -> reply.read(SessionList.class)), call);
    }

    private CompletableFuture<Presence> change(String userId, RequestPipeline.Spec spec) {
        CompletableFuture<RequestPipeline.Reply> call = pipeline.execute(spec);
        return Cancellation.propagate(call.thenApply(reply -> {
            Presence presence = reply.read(Presence.class);
            etags.put(userId, reply.etag(), presence);
            return presence;
        }), call);
    }
}
