package io.presence.service.servlet;

import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;

/** What the servlet side asks of a request's body and headers. */
final class ServletBodies {

    private ServletBodies() {
    }

    /** Whether the request carries the header {@code name} on more than one line. */
    static boolean sentTwice(HttpServletRequest request, String name) {
        var values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return false;
        }
        values.nextElement();
        return values.hasMoreElements();
    }

    /** Whether a body follows the headers: a positive length, or chunks of a length not yet known. */
    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * Answers a filter's refusal, which leaves the body unread: Jetty then ends the connection, so say so, or a
     * client reusing it sees a dropped connection instead of its next answer.
     */
    static void refuse(Problem problem, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (hasBody(request)) {
            response.setHeader("Connection", "close");
        }
        ProblemWriter.write(problem, response);
    }

    /**
     * Reads and drops what is left of the body after an early refusal, so Jetty can keep the connection
     * for the client's next request. The body is bounded by the server's size limit; a read that fails
     * leaves Jetty to close the connection, which is all there is left to do.
     *
     * @return Jetty's refusal of the rest of the body, if it refused it: a chunked body that passes the size
     *     limit (413) is refused whatever the request got wrong before, so that is the answer to give
     */
    static Optional<HttpException> drain(HttpServletRequest request) {
        if (!hasBody(request)) {
            return Optional.empty();
        }
        try {
            request.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | IllegalStateException gone) {
            // Already read through a reader, or the client went away.
        } catch (RuntimeException refused) {
            if (refused instanceof HttpException http) {
                return Optional.of(http);
            }
            throw refused;
        }
        return Optional.empty();
    }
}
