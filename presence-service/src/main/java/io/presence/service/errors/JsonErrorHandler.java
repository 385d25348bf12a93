package io.presence.service.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.presence.api.ErrorResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error page, as JSON. Covers what never reaches Jersey: bad URIs and percent-encoding,
 * ambiguous paths, 414 and 431, unknown HTTP versions and other parser 400s, {@code sendError} from
 * servlet filters (e.g. Dropwizard's allowed-methods filter), on the application and admin
 * connectors alike. Ignores {@code Accept} (always JSON) and never shows stacks or class names.
 */
public class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern UNSAFE = Pattern.compile("(?i).*(exception|error:|\\bat [a-z]+\\.|[a-z]+\\.[a-z]+\\.[A-Z]).*");
    private static final int MAX_MESSAGE = 200;

    /** The {@code Allow} header of a path within the context, for 405s that did not set one. */
    private final Function<String, Optional<String>> allowedMethods;

    /** For contexts whose paths' methods are not known here (the admin's, the server's). */
    public JsonErrorHandler() {
        this(path -> Optional.empty());
    }

    public JsonErrorHandler(Function<String, Optional<String>> allowedMethods) {
        this.allowedMethods = allowedMethods;
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
        setDefaultResponseMimeType("application/json");
    }

    /** Every method gets a body, not just GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message,
                                    Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        String text = message;
        // RFC 9110 requires Allow on a 405; Dropwizard's allowed-methods filter sends none.
        if (code == HttpStatus.METHOD_NOT_ALLOWED_405 && !response.getHeaders().contains(HttpHeader.ALLOW)) {
            String path = Request.getPathInContext(request);
            Optional<String> allow = allowedMethods.apply(path);
            if (allow.isPresent()) {
                response.getHeaders().put(HttpHeader.ALLOW, allow.get());
                // Worded as Jersey words its own 405s.
                text = "method not allowed: " + request.getMethod() + " " + path + "; allowed: " + allow.get();
            }
        }
        response.write(true, ByteBuffer.wrap(body(code, text, cause)), callback);
    }

    /** The body Jetty sends for a message it could not parse into a request at all. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason, null));
    }

    static byte[] body(int code, String message, Throwable cause) {
        ErrorResponse error;
        if (ErrorResponses.isServerFault(code)) {
            String errorId = ErrorResponses.newErrorId();
            LOG.error("server error outside the API errorId={} status={} message={}", errorId, code, message, cause);
            error = ErrorResponses.internal(errorId);
        } else {
            error = ErrorResponse.of(ErrorResponses.codeFor(code), clean(code, message, cause));
        }
        try {
            return MAPPER.writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            // Unreachable for a record of strings; keep the promise of a JSON body anyway.
            return ("{\"code\":\"" + error.code() + "\",\"message\":\"\",\"details\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Jetty's reason when it is a plain phrase, else the status's reason phrase. */
    static String clean(int code, String message, Throwable cause) {
        String text = message;
        if (cause instanceof HttpException http && http.getReason() != null) {
            text = http.getReason();
        }
        if (text == null || text.isBlank() || UNSAFE.matcher(text).matches()) {
            return ErrorResponses.reason(code);
        }
        text = text.strip();
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "...";
        }
        return text.equals(HttpStatus.getMessage(code)) ? ErrorResponses.reason(code) : text;
    }
}
