package io.presence.service.resources;

import io.presence.service.http.MediaRanges;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * A 406 for an {@code Accept} that rules JSON out with {@code q=0} ({@link MediaRanges}); every resource
 * method answers JSON. Ranges that exclude JSON altogether (e.g. {@code text/html}) Jersey refuses itself.
 */
public final class AcceptsJsonFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (!MediaRanges.admits(request.getHeaderString(HttpHeaders.ACCEPT), "application", "json")) {
            throw new NotAcceptableException();
        }
    }
}
