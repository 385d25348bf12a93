package io.presence.service.errors;

import io.presence.service.core.StoreConflictException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 412 {@code precondition_failed}: {@code If-Match} named a stale revision; {@code ETag} names the current one. */
public final class StoreConflictExceptionMapper implements ExceptionMapper<StoreConflictException> {
    @Override
    public Response toResponse(StoreConflictException exception) {
        Response.ResponseBuilder answer = ErrorResponses.builder(412, exception.getMessage(), null);
        exception.currentEtag().ifPresent(etag -> answer.header(HttpHeaders.ETAG, etag));
        return answer.build();
    }
}
