package io.presence.service.resources;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.function.BooleanSupplier;

/**
 * On a leaf cut off from its hub, marks reads {@code X-Presence-Stale: true}: found or not found,
 * the answer comes from a mirror that may be behind.
 */
public final class StaleReadFilter implements ContainerResponseFilter {

    public static final String HEADER = "X-Presence-Stale";

    private final BooleanSupplier stale;

    /** @param stale whether this leaf is cut off from its hub; {@link CachedReadFilter} asks the same */
    public StaleReadFilter(BooleanSupplier stale) {
        this.stale = stale;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean read = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.POST.equals(request.getMethod());
        if (read && response.getStatus() < 500 && stale.getAsBoolean()) {
            response.getHeaders().putSingle(HEADER, "true");
        }
    }
}
