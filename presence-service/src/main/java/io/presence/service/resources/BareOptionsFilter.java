package io.presence.service.resources;

import io.presence.service.http.ApiMethods;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * {@code OPTIONS} on the Jersey routes answered as the servlets answer it: 200 and {@code Allow}, nothing else.
 * Jersey's own answer lists the methods again in a text/plain body, or gives an empty body typed as whatever the
 * client accepted (text/html, a WADL type). {@code Allow} names Jersey's methods, read from the resource methods,
 * spelled as every other {@code Allow} ({@link ApiMethods#allowOf}) where Jersey's own reads "POST,OPTIONS".
 */
public final class BareOptionsFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (HttpMethod.OPTIONS.equals(request.getMethod()) && response.getStatus() == 200) {
            response.setEntity(null);
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            response.getHeaders().putSingle(HttpHeaders.ALLOW, ApiMethods.allowOf(response.getAllowedMethods()));
        }
    }
}
