package io.presence.service.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.presence.api.ErrorResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one writer of error answers: status, the problem's headers and the JSON {@link ErrorResponse} body,
 * to a servlet response, a JAX-RS response, or bytes for Jetty's error page. Every error the node sends
 * passes through here, so a header every error should carry is added here and nowhere else.
 */
public final class ProblemWriter {

    private static final ObjectWriter JSON = new ObjectMapper().writerFor(ErrorResponse.class);

    private ProblemWriter() {
    }

    /** The JSON body of {@code problem}. */
    public static byte[] bytes(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem.body());
        } catch (JsonProcessingException e) {
            // A record of strings always serialises; this would be a broken Jackson set-up.
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code problem} as the whole answer; the response must not be committed yet. */
    public static void write(Problem problem, HttpServletResponse response) throws IOException {
        byte[] body = bytes(problem);
        response.setStatus(problem.status());
        headers(problem).forEach(response::setHeader);
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * {@code problem} as Jersey's answer. Its length is set here: Jersey writes no entity for a {@code HEAD}, and
     * Jetty would then send {@code Content-Length: 0}, not the length a {@code GET} would read.
     */
    public static Response response(Problem problem) {
        byte[] body = bytes(problem);
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(body).header(HttpHeaders.CONTENT_LENGTH, body.length);
        headers(problem).forEach(response::header);
        return response.build();
    }

    /** The headers sent with {@code problem}, besides {@code Content-Type} and {@code Content-Length}. */
    public static Map<String, String> headers(Problem problem) {
        return problem.headers();
    }

    /** Whether a JAX-RS answer is one {@link #response} built (its body is already the JSON error). */
    static boolean isProblem(Object entity, MediaType type) {
        return entity instanceof byte[] && MediaType.APPLICATION_JSON_TYPE.isCompatible(type);
    }
}
