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
 * that length and sends the headers before Jetty could count the empty body instead. A refused export's length is
 * its error's, as on every other {@code HEAD}: only the export's own length is unknown.
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
        UnknownLength head = new UnknownLength(response);
        chain.doFilter(request, head);
        if (response.isCommitted()) {
            return;
        }
        // Jersey sets the headers before the status, so which answer this is shows only now.
        if (response.getStatus() == HttpServletResponse.SC_OK) {
            response.flushBuffer();
        } else if (head.length >= 0) {
            response.setContentLengthLong(head.length);
        }
    }

    /** The response with every way of setting its length held back, until it is known not to be the export. */
    private static final class UnknownLength extends HttpServletResponseWrapper {
        private long length = -1;

        UnknownLength(HttpServletResponse response) {
            super(response);
        }

        private boolean held(String name, String value) {
            if (!name.equalsIgnoreCase("Content-Length")) {
                return false;
            }
            try {
                length = Long.parseLong(value.trim());
            } catch (NumberFormatException notALength) {
                length = -1;
            }
            return true;
        }

        @Override
        public void setContentLength(int length) {
            this.length = length;
        }

        @Override
        public void setContentLengthLong(long length) {
            this.length = length;
        }

        @Override
        public void setHeader(String name, String value) {
            if (!held(name, String.valueOf(value))) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!held(name, String.valueOf(value))) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (!held(name, String.valueOf(value))) {
                super.setIntHeader(name, value);
            }
        }
    }
}
