package io.presence.service.servlet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * {@code HEAD} of the export answers the headers a {@code GET} would, without a length: an export is streamed,
 * its length unknown until the last record is written. Jersey answers a {@code HEAD} without an entity with
 * {@code Content-Length: 0}, which would tell a client (or a proxy) that the export is empty; this filter drops
 * that length and sends the headers before Jetty could count the empty body instead.
 */
public final class ExportHeadFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!request.getMethod().equals("HEAD")) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(request, new UnknownLength(response));
        if (response.getStatus() == HttpServletResponse.SC_OK && !response.isCommitted()) {
            response.flushBuffer();
        }
    }

    /** The response with every way of setting its length ignored. */
    private static final class UnknownLength extends HttpServletResponseWrapper {
        UnknownLength(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setContentLength(int length) {
        }

        @Override
        public void setContentLengthLong(long length) {
        }

        @Override
        public void setHeader(String name, String value) {
            if (!name.equalsIgnoreCase("Content-Length")) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!name.equalsIgnoreCase("Content-Length")) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (!name.equalsIgnoreCase("Content-Length")) {
                super.setIntHeader(name, value);
            }
        }
    }
}
