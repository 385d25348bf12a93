package io.presence.service.servlet;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * The configured request log, given each request with a token sent in its URL ({@code ?access_token=}) cut out:
 * such a request is refused with a 400, but its request line would still carry the token into the log.
 */
final class CredentialFreeRequestLog implements RequestLog {

    private final RequestLog log;

    CredentialFreeRequestLog(RequestLog log) {
        this.log = log;
    }

    @Override
    public void log(Request request, Response response) {
        HttpURI uri = request.getHttpURI();
        if (!CredentialsFilter.hasTokenParameter(uri.getQuery())) {
            log.log(request, response);
            return;
        }
        HttpURI redacted = HttpURI.build(uri).query(CredentialsFilter.redacted(uri.getQuery())).asImmutable();
        log.log(new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return redacted;
            }
        }, response);
    }
}
