package io.presence.service.servlet;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a request body of announced length (within the size limit in front of it) before the request is given to a
 * request thread. Servlets and Jersey read bodies blocking: a client that announces a body and stalls
 * would hold a thread until the idle timeout, and as many stalled clients as there are request threads
 * would stop the node answering anyone. Read here, a stalled body holds only its connection; when the
 * idle timeout ends it, the request goes on with the failure as its content, which the API answers
 * with a 408. A body of unknown length (chunked, or HTTP/2 DATA without a content-length) is read the same way, to
 * its end or to the size limit in front of this handler, whose failure the application then answers (413).
 */
public final class WholeBodyHandler extends Handler.Wrapper {

    public WholeBodyHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!announcesBody(request)) {
            return super.handle(request, response, callback);
        }
        long length = request.getLength();
        CompletableFuture<byte[]> read = Content.Source.asByteArrayAsync(new FailedByTheReadAlone(request),
                length > 0 ? (int) length : -1);
        if (read.isDone()) {
            // The usual case: the body came with the headers. Go on on this thread, with no hand-off.
            read.whenComplete((body, failure) -> dispatch(new ReadRequest(request, body, failure), response, callback));
        } else {
            read.whenComplete((body, failure) -> request.getComponents().getExecutor().execute(() ->
                    dispatch(new ReadRequest(request, body, failure), response, callback)));
        }
        return true;
    }

    /**
     * Whether a body may follow the head. Jetty reports -1, unknown, for a request without one too (a GET): HTTP/1.1
     * sends a body of unknown length chunked, and an HTTP/2 request says nothing about its DATA frames to come, so
     * there only the methods that never carry one here are let through at once.
     */
    static boolean announcesBody(Request request) {
        long length = request.getLength();
        if (length >= 0) {
            return length > 0;
        }
        if (request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return true;
        }
        String method = request.getMethod();
        return request.getConnectionMetaData().getHttpVersion().getVersion() >= HttpVersion.HTTP_2.getVersion()
                && !HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method);
    }

    /** What the server does with a request no handler takes, or whose handler throws. */
    private void dispatch(Request request, Response response, Callback callback) {
        try {
            Handler next = getHandler();
            if (next == null || !next.handle(request, response, callback)) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }

    /**
     * The request as the body reader sees it. On a failure such as the idle timeout, Jetty's reader first hands
     * the failure on (the request then goes to the application, which answers it) and then fails the request it
     * read from; by then the answer may be sent and the request recycled, and that late failure threw inside
     * Jetty (a logged NullPointerException). The failure needs no second telling: the application gets it as
     * the body, and a body not read to its end closes the connection after the answer.
     */
    private static final class FailedByTheReadAlone extends Request.Wrapper {
        FailedByTheReadAlone(Request request) {
            super(request);
        }

        @Override
        public void fail(Throwable failure) {
            // Deliberately nothing: see the class comment.
        }
    }

    /** The request with its body already read: one last chunk, or the failure that ended the read. */
    private static final class ReadRequest extends Request.Wrapper {
        private Content.Chunk next;

        ReadRequest(Request request, byte[] body, Throwable failure) {
            super(request);
            this.next = failure == null ? Content.Chunk.from(ByteBuffer.wrap(body), true)
                    : Content.Chunk.from(failure instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : failure, true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = next;
            if (!Content.Chunk.isFailure(chunk)) {
                next = Content.Chunk.EOF;
            }
            return chunk;
        }

        /** Content is always available: a reader asking for more is called back at once. */
        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public synchronized void fail(Throwable failure) {
            next = Content.Chunk.from(failure, true);
        }

        @Override
        public synchronized boolean consumeAvailable() {
            if (!Content.Chunk.isFailure(next)) {
                next = Content.Chunk.EOF;
            }
            return true;
        }
    }
}
