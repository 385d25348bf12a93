package io.presence.service.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads the rest of a request body that a Jersey error answer left unread (a 415 or 405 comes before the
 * body is parsed). Jetty otherwise closes the keep-alive connection after the response without saying
 * {@code Connection: close}, and a client that reuses it sees a dropped connection instead of its next
 * answer. The body is bounded by the server's size limit, which fails the read past it; then Jetty
 * closing the connection is the right outcome.
 */
@Priority(Priorities.USER + 100)
public final class UnreadBodyDrainFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
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
