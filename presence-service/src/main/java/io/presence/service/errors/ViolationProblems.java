package io.presence.service.errors;

import io.dropwizard.jersey.validation.JerseyViolationException;
import io.presence.api.ErrorDetail;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Invocable;

/**
 * Bean Validation failures: 422 {@code validation_failed} with one detail per violation, whose field
 * is what the client knows: the JSON path in the body ({@code userIds[2]}), or the name of the path,
 * query or header parameter ({@code userId}). A missing body is 400; an invalid return value is a
 * server fault, left to {@link Problems}.
 */
final class ViolationProblems {

    static final String BODY_REQUIRED = "request body is required";
    /**
     * The most violations an answer details: a batch of 1,000 bad ids answered each would be 190 KB for a 10 KB
     * request. The message still counts them all.
     */
    static final int MAX_DETAILS = 10;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private ViolationProblems() {
    }

    /** The client's problem, or empty when the server broke its own contract (an invalid return value). */
    static Optional<Problem> of(ConstraintViolationException exception) {
        Invocable invocable = exception instanceof JerseyViolationException jersey ? jersey.getInvocable() : null;
        Set<ConstraintViolation<?>> violations = exception.getConstraintViolations();
        if (violations == null || violations.isEmpty()) {
            return Optional.of(Problem.Rejected.of(422, "request validation failed"));
        }
        List<ErrorDetail> details = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations) {
            Field field = field(violation, invocable);
            if (field.returnValue()) {
                return Optional.empty();
            }
            if (field.missingBody()) {
                return Optional.of(new Problem.Rejected(400, BODY_REQUIRED,
                        List.of(new ErrorDetail(JsonProblems.BODY, "is required")), Map.of()));
            }
            ErrorDetail detail = new ErrorDetail(field.name(), violation.getMessage());
            // One rule broken twice (the contract's bound and this server's narrower one) is one detail.
            if (!details.contains(detail)) {
                details.add(detail);
            }
        }
        details.sort(Comparator.comparing((ErrorDetail detail) -> inRequestOrder(detail.field()))
                .thenComparing(ErrorDetail::message));
        List<String> fields = details.stream().map(ErrorDetail::field).distinct().toList();
        String message = details.size() == 1
                ? details.get(0).field() + " " + details.get(0).message()
                : details.size() + " invalid fields: " + String.join(", ", fields.subList(0,
                        Math.min(fields.size(), MAX_DETAILS))) + (fields.size() > MAX_DETAILS
                        ? " and " + (fields.size() - MAX_DETAILS) + " more" : "");
        List<ErrorDetail> shown = details.size() > MAX_DETAILS ? List.copyOf(details.subList(0, MAX_DETAILS)) : details;
        return Optional.of(new Problem.Rejected(422, message, shown, Map.of()));
    }

    /**
     * A field's sort key that puts {@code userIds[2]} before {@code userIds[10]}: each run of digits padded to
     * the same width, so the details come in the order the client sent the items.
     */
    static String inRequestOrder(String field) {
        return DIGITS.matcher(field).replaceAll(run -> "0".repeat(Math.max(0, 10 - run.group().length())) + run.group());
    }

    /** Where a violation is, as the client sees it. */
    record Field(String name, boolean missingBody, boolean returnValue) {
    }

    static Field field(ConstraintViolation<?> violation, Invocable invocable) {
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        int parameterAt = -1;
        for (int i = 0; i < nodes.size(); i++) {
            ElementKind kind = nodes.get(i).getKind();
            if (kind == ElementKind.RETURN_VALUE) {
                return new Field("response", false, true);
            }
            if (kind == ElementKind.PARAMETER && parameterAt < 0) {
                parameterAt = i;
            }
        }
        if (parameterAt < 0) {
            // A bean validated in code: its property path is already what the client sent.
            String path = jsonPath(nodes, 0);
            return new Field(path.isEmpty() ? JsonProblems.BODY : path, false, false);
        }
        String subPath = jsonPath(nodes, parameterAt + 1);
        Parameter parameter = parameter(nodes.get(parameterAt), invocable);
        if (parameter == null || isBody(parameter)) {
            if (subPath.isEmpty()) {
                boolean notNull = violation.getConstraintDescriptor() != null
                        && violation.getConstraintDescriptor().getAnnotation() instanceof NotNull;
                return new Field(JsonProblems.BODY, parameter != null && notNull, false);
            }
            return new Field(subPath, false, false);
        }
        String name = parameter.getSourceName() == null || parameter.getSourceName().isEmpty()
                ? nodes.get(parameterAt).getName()
                : parameter.getSourceName();
        if (subPath.isEmpty()) {
            return new Field(name, false, false);
        }
        return new Field(subPath.startsWith("[") ? name + subPath : name + "." + subPath, false, false);
    }

    private static Parameter parameter(Path.Node node, Invocable invocable) {
        if (invocable == null) {
            return null;
        }
        int index = node.as(Path.ParameterNode.class).getParameterIndex();
        List<Parameter> parameters = invocable.getParameters();
        return index >= 0 && index < parameters.size() ? parameters.get(index) : null;
    }

    private static boolean isBody(Parameter parameter) {
        return parameter.getSource() == Parameter.Source.ENTITY || parameter.getSource() == Parameter.Source.UNKNOWN;
    }

    /** {@code userIds[2]}, {@code a.b}, {@code tags[key]} from the nodes from {@code start} on. */
    static String jsonPath(List<Path.Node> nodes, int start) {
        StringBuilder path = new StringBuilder();
        for (int i = start; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.PARAMETER || node.getKind() == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.isInIterable()) {
                // The index belongs to the container that holds this node.
                if (node.getIndex() != null) {
                    path.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    path.append('[').append(node.getKey()).append(']');
                }
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(node.getName());
            }
        }
        return path.toString();
    }
}
