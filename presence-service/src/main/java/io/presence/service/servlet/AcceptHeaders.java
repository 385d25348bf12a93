package io.presence.service.servlet;

import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemException;
import io.presence.service.http.MediaRanges;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.function.Supplier;

/** The check every servlet route makes of {@code Accept} against the one media type it produces. */
final class AcceptHeaders {

    private AcceptHeaders() {
    }

    /**
     * Returns when the request sent no {@code Accept} or one that admits {@code type/subtype}; else throws the
     * 400 for a header that is no list of media ranges, or the 406 {@code notAcceptable} words.
     */
    static void require(HttpServletRequest request, String type, String subtype, Supplier<String> notAcceptable) {
        String accept = String.join(",", Collections.list(request.getHeaders("Accept")));
        if (accept.isEmpty()) {
            return;
        }
        if (MediaRanges.malformedElement(accept).isPresent()) {
            throw new ProblemException(Problem.Rejected.of(400, "malformed Accept header: not a list of media ranges;"
                    + " send Accept: " + type + "/" + subtype));
        }
        if (!MediaRanges.admits(accept, type, subtype)) {
            throw new ProblemException(Problem.Rejected.of(406, notAcceptable.get()));
        }
    }
}
