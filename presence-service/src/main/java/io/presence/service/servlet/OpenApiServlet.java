package io.presence.service.servlet;

import io.presence.api.PresenceLimits;
import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;
import io.presence.service.errors.ProblemWriter;
import io.presence.service.errors.RequestSummary;
import io.presence.service.errors.SafeText;
import io.presence.service.http.ApiMethods;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * {@code GET /openapi.yaml}: the contract this node was built with, presence-api's {@code openapi.yaml}, for code
 * generators and API tools pointed at a running node. Read once, when the node starts: a node built without it
 * does not start, rather than answer 404 to the one request that would notice.
 */
public final class OpenApiServlet extends HttpServlet {

    /** The YAML media type (RFC 9512); it has no charset parameter, YAML being UTF-8. */
    public static final String MEDIA_TYPE = "application/yaml";

    private static final long serialVersionUID = 1L;

    private final byte[] spec;

    public OpenApiServlet() {
        this.spec = load();
    }

    /** The document as presence-api ships it, at the root of its jar (also inside the shaded node jar). */
    static byte[] load() {
        try (InputStream in = PresenceLimits.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is not on the class path: presence-api is incomplete");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET and HEAD; OPTIONS says so; anything else is the JSON 405 with {@code Allow} that every path answers. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "GET" -> answer(request, response, true);
            case "HEAD" -> answer(request, response, false);
            case "OPTIONS" -> response.setHeader("Allow", ApiMethods.OPENAPI);
            default -> ProblemWriter.write(Problem.Rejected.methodNotAllowed(request.getMethod() + " "
                    + request.getRequestURI(), ApiMethods.OPENAPI), response);
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean body) throws IOException {
        try {
            AcceptHeaders.require(request, "application", "yaml",
                    () -> SafeText.message(null, 406, RequestSummary.of(request), Set.of()));
        } catch (ProblemException unacceptable) {
            ProblemWriter.write(unacceptable.problem(), response);
            return;
        }
        response.setStatus(200);
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(spec.length);
        if (body) {
            response.getOutputStream().write(spec);
        }
    }
}
