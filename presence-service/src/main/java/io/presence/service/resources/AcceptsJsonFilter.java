package io.presence.service.resources;

import io.presence.service.http.MediaRanges;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * A 406 for an {@code Accept} that rules out, with {@code q=0} ({@link MediaRanges}), what the matched method
 * produces: JSON for every method but the export, which produces JSON lines. Ranges that exclude it altogether
 * (e.g. {@code text/html}) Jersey refuses itself.
 */
public final class AcceptsJsonFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (produced(request).stream().noneMatch(type -> type.isWildcardType() || type.isWildcardSubtype()
                || MediaRanges.admits(accept, type.getType(), type.getSubtype()))) {
            throw new NotAcceptableException();
        }
    }

    /** The matched method's types; JSON when Jersey does not say (every method of ours produces a type). */
    private static List<MediaType> produced(ContainerRequestContext request) {
        if (request.getUriInfo() instanceof ExtendedUriInfo uri) {
            ResourceMethod method = uri.getMatchedResourceMethod();
            if (method != null && !method.getProducedTypes().isEmpty()) {
                return method.getProducedTypes();
            }
        }
        return List.of(MediaType.APPLICATION_JSON_TYPE);
    }
}
