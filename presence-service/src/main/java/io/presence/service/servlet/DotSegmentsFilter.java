package io.presence.service.servlet;

import io.presence.service.errors.Problem;
import io.presence.service.errors.ProblemWriter;
import io.presence.service.http.DotSegments;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * A 400 for a path with a {@code .} or {@code ..} segment ({@link DotSegments}): the servlet container has
 * removed them from the path it routes by, so it would answer for another path than the one sent.
 */
public final class DotSegmentsFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Optional<Problem> problem = DotSegments.problem(((HttpServletRequest) req).getRequestURI());
        if (problem.isPresent()) {
            ProblemWriter.write(problem.get(), (HttpServletResponse) res);
            return;
        }
        chain.doFilter(req, res);
    }
}
