package io.presence.service.errors;

import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 500s: a generic body with an error id for the client, the stack trace for the log only. */
final class InternalErrors {
    private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);

    private InternalErrors() {
    }

    /** Logs {@code throwable} once with a new error id and answers 500 {@code internal_error}. */
    static Response respond(Throwable throwable, String request) {
        String errorId = ErrorResponses.newErrorId();
        LOG.error("unhandled error errorId={} request={}", errorId, request, throwable);
        return ErrorResponses.builder(500, ErrorResponses.internal(errorId)).build();
    }

    /** {@code METHOD /path} of the current request, for messages and logs; {@code -} outside one. */
    static String describe(Request request, UriInfo uriInfo) {
        try {
            return request.getMethod() + " /" + uriInfo.getPath(false);
        } catch (RuntimeException notInRequestScope) {
            return "-";
        }
    }
}
