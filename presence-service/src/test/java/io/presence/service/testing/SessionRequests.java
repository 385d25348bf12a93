package io.presence.service.testing;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The session routes of a node, for tests: {@code /api/v2/presence/{userId}/sessions[/{sessionId}]}. */
public final class SessionRequests {

    private final TestNode node;

    public SessionRequests(TestNode node) {
        this.node = node;
    }

    /** PUT of one session with the user's own token. */
    public HttpResponse<String> put(String userId, String sessionId, String json) {
        return put(userId, sessionId, json, TestNode.token(userId));
    }

    public HttpResponse<String> put(String userId, String sessionId, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path(userId, sessionId)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        return node.send(authorized(request, token));
    }

    /** GET of the user's sessions; {@code token} null for none. */
    public HttpResponse<String> list(String userId, String token) {
        return node.send(authorized(HttpRequest.newBuilder(node.uri(path(userId, null))).GET(), token));
    }

    /** DELETE of one session, or with {@code sessionId} null of the user (all sessions). */
    public HttpResponse<String> delete(String userId, String sessionId, String token) {
        String path = sessionId == null ? "/api/v2/presence/" + userId : path(userId, sessionId);
        return node.send(authorized(HttpRequest.newBuilder(node.uri(path)).DELETE(), token));
    }

    private static String path(String userId, String sessionId) {
        return "/api/v2/presence/" + userId + "/sessions" + (sessionId == null ? "" : "/" + sessionId);
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }
}
