package io.presence.service.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads the rest of a request body that an error answer left unread (a 401 from the auth filter
 * comes before the body is parsed). Jetty otherwise closes the keep-alive connection after the
 * response without saying {@code Connection: close}, and a client that reuses it sees a dropped
 * connection instead of its next answer. The body is bounded by {@link RequestBodyLimitFilter}; a
 * body over the limit fails the read, and then Jetty closing the connection is the right outcome. A body
 * announced as over the limit is not waited for: the answer says {@code Connection: close} at once.
 */
@Priority(Priorities.USER + 100)
public final class UnreadBodyDrainFilter implements ContainerResponseFilter {

    private final long maxBytes;

    /** @param maxBytes the body limit: a body announced as longer is not waited for */
    public UnreadBodyDrainFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && RequestBodyLimitFilter.announcedLength(length) > maxBytes) {
            // Refused for its size: waiting for all of it would hold the thread for nothing. Close instead.
            response.getHeaders().putSingle("Connection", "close");
            return;
        }
        try {
            // hasEntity() throws once a reader has consumed and closed the body: nothing left then.
            if (request.hasEntity()) {
                InputStream body = request.getEntityStream();
                body.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            // Read already, over the limit, or the client went away: nothing to drain, or the
            // connection closes, which is all that is left.
        }
    }
}
