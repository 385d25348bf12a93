package io.presence.service.resources;

import io.presence.service.store.HubLink;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * On a leaf cut off from its hub, marks reads {@code X-Presence-Stale: true}: found or not found,
 * the answer comes from a mirror that may be behind.
 */
public final class StaleReadFilter implements ContainerResponseFilter {

    public static final String HEADER = "X-Presence-Stale";

    private final HubLink hubLink;

    public StaleReadFilter(HubLink hubLink) {
        this.hubLink = hubLink;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean read = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.POST.equals(request.getMethod());
        if (read && response.getStatus() < 500 && !hubLink.isUp()) {
            response.getHeaders().putSingle(HEADER, "true");
        }
    }
}
