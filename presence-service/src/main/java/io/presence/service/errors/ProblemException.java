package io.presence.service.errors;

/** Thrown by the edge to answer with a {@link Problem}; {@link Problems#of} hands the problem back unchanged. */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.message(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
