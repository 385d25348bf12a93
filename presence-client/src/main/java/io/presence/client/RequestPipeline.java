package io.presence.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The one way every call reaches the server: asynchronous, with failover across base URLs and
 * retries with jittered backoff. The synchronous API joins the futures this returns.
 */
final class RequestPipeline {

    private static final MediaType JSON = MediaType.get("application/json");
    /** The body of an import, the answer of an export: JSON lines. */
    static final MediaType NDJSON = MediaType.get(io.presence.api.Backups.NDJSON);

    /**
     * The most of a response body the client reads: a batch answer for 1000 users is under 2 MB. A base
     * URL that reaches a file server or a rogue node could otherwise fill the application's heap.
     */
    static final int MAX_BODY_BYTES = 8 << 20;

    /**
     * One logical call.
     *
     * @param method     HTTP method
     * @param url        the call's URL given a base URL
     * @param body       JSON body, or {@code null}
     * @param headers    extra headers
     * @param passed     error statuses the caller handles itself (e.g. 404 for a get)
     * @param idempotent whether the call may be repeated
     */
    record Spec(String method, Function<HttpUrl, HttpUrl> url, byte[] body, Map<String, String> headers,
                Set<Integer> passed, boolean idempotent, MediaType bodyType, boolean streamed) {

        /** A call with a JSON body (or none) whose answer is read whole. */
        Spec(String method, Function<HttpUrl, HttpUrl> url, byte[] body, Map<String, String> headers,
             Set<Integer> passed, boolean idempotent) {
            this(method, url, body, headers, passed, idempotent, JSON, false);
        }
    }

    /**
     * A response the caller handles: a success or a passed status. A streamed call's success has no
     * {@code body} but its open {@code stream}, which the caller reads and closes; every other reply is read.
     */
    record Reply(int status, String etag, String contentType, byte[] body, ResponseBody stream) {

        Reply(int status, String etag, String contentType, byte[] body) {
            this(status, etag, contentType, body, null);
        }

        /** @return the body as {@code type}; one that is not throws {@link PresenceTransportException} */
        <T> T read(Class<T> type) {
            return Json.read(body, type, "server answered " + status + " with a body that is not a "
                    + type.getSimpleName() + " (Content-Type " + (contentType == null ? "none" : contentType) + ")");
        }
    }

    private final OkHttpClient http;
    private final OkHttpClient streamHttp;
    private final ScheduledExecutorService scheduler;
    private final PresenceClientOptions options;
    private final List<HttpUrl> baseUrls;
    /** Calls not answered yet: {@link #failPending} ends them when the client closes. */
    private final Set<CompletableFuture<Reply>> pending = ConcurrentHashMap.newKeySet();

    /**
     * @param streamHttp the client of streamed calls (an export): no call timeout, as such an answer takes as
     *                   long as it takes; a read timeout still ends one that stops arriving
     */
    RequestPipeline(OkHttpClient http, OkHttpClient streamHttp, ScheduledExecutorService scheduler,
                    PresenceClientOptions options) {
        this.http = http;
        this.streamHttp = streamHttp;
        this.scheduler = scheduler;
        this.options = options;
        this.baseUrls = options.httpUrls();
    }

    CompletableFuture<Reply> execute(Spec spec) {
        if (scheduler.isShutdown()) {
            return CompletableFuture.failedFuture(closed());
        }
        CompletableFuture<Reply> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((reply, error) -> pending.remove(result));
        attempt(spec, result, 1, 0);
        return result;
    }

    /**
     * Fails every call not answered yet with "client is closed", which cancels its HTTP call: a closed client
     * holds no connection and no caller waits out a timeout. Calls of a caller-supplied OkHttp client are
     * cancelled one by one, never all of that client's.
     */
    void failPending() {
        for (CompletableFuture<Reply> call : List.copyOf(pending)) {
            call.completeExceptionally(closed());
        }
    }

    /**
     * Throws once the client is closed. The scheduler is what {@link PresenceClient#close()} shuts down
     * last, after the offline writes of its heartbeats, which must still get through.
     */
    void checkOpen() {
        if (scheduler.isShutdown()) {
            throw closed();
        }
    }

    private static PresenceException closed() {
        return new PresenceException("client is closed", null);
    }

    /** A request for {@code url} with the client's common headers and a fresh token. */
    Request.Builder request(HttpUrl url) {
        Request.Builder builder = new Request.Builder().url(url).header("User-Agent", options.userAgent());
        options.tokenSupplier().map(java.util.function.Supplier::get).ifPresent(token -> {
            PresenceClientOptions.Builder.checkHeaderValue("token from tokenSupplier", token);
            builder.header("Authorization", "Bearer " + token);
        });
        return builder;
    }

    HttpUrl baseUrl(int index) {
        return baseUrls.get(Math.floorMod(index, baseUrls.size()));
    }

    int baseUrlCount() {
        return baseUrls.size();
    }

    private void attempt(Spec spec, CompletableFuture<Reply> result, int attempt, int urlIndex) {
        if (result.isDone()) {
            return;
        }
        Request request;
        try {
            Request.Builder builder = request(spec.url().apply(baseUrl(urlIndex)))
                    .header("Accept", "application/json")
                    .method(spec.method(), spec.body() == null ? null : RequestBody.create(spec.body(), spec.bodyType()));
            spec.headers().forEach(builder::header);
            request = builder.build();
        } catch (RuntimeException e) {
            result.completeExceptionally(e instanceof PresenceException ? e
                    : new PresenceException("cannot build request: " + e.getMessage(), e));
            return;
        }
        Call call = (spec.streamed() ? streamHttp : http).newCall(request);
        result.whenComplete((reply, error) -> {
            // Cancelled by its caller or failed by close(): nobody waits for the answer any more.
            if (error != null) {
                call.cancel();
            }
        });
        OpenTimer opening = spec.streamed() ? new OpenTimer(call) : null;
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                PresenceTransportException error = opening != null && opening.gaveUp()
                        ? new PresenceTransportException(request.method() + " " + request.url().redact()
                                + " failed: no answer in time (not opened within " + options.readTimeout().toMillis()
                                + "ms)", e)
                        : transport(request, e);
                retryOrFail(spec, result, attempt, urlIndex, true, null, error);
            }

            @Override
            public void onResponse(Call done, Response response) {
                if (opening != null) {
                    opening.opened();
                }
                handle(spec, result, attempt, urlIndex, request, response);
            }
        });
    }

    /**
     * Gives up a streamed call that has not answered within the call's read timeout. Its client reads with the
     * stream's read timeout, as an open export may pause that long; a node that takes the connection and never
     * answers would hold every attempt for as long.
     */
    private final class OpenTimer {
        private volatile boolean open;
        private volatile boolean gaveUp;
        private ScheduledFuture<?> timer;

        OpenTimer(Call call) {
            try {
                timer = scheduler.schedule(() -> {
                    if (!open) {
                        gaveUp = true;
                        call.cancel();
                    }
                }, options.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                call.cancel(); // the client was closed
            }
        }

        void opened() {
            open = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        boolean gaveUp() {
            return gaveUp;
        }
    }

    private void handle(Spec spec, CompletableFuture<Reply> result, int attempt, int urlIndex, Request request,
                        Response response) {
        if (spec.streamed() && response.isSuccessful()) {
            // The caller reads the body as it arrives, and closes it; unless nobody waits for it any more.
            if (!result.complete(new Reply(response.code(), response.header("ETag"), response.header("Content-Type"),
                    null, response.body()))) {
                response.close();
            }
            return;
        }
        // Closing here, before any retry is scheduled, returns the connection to the pool.
        try (response) {
            int status = response.code();
            byte[] body = boundedBody(response);
            if (body == null) {
                result.completeExceptionally(new PresenceTransportException(request.method() + " "
                        + request.url().redact() + " answered a body over " + (MAX_BODY_BYTES >> 20) + " MiB ("
                        + MAX_BODY_BYTES + " bytes), more than any Presence API answer: check the base URL", null));
                return;
            }
            if (status < 300 || status == 304 || spec.passed().contains(status)) {
                result.complete(new Reply(status, response.header("ETag"), response.header("Content-Type"), body));
                return;
            }
            if (status < 400) {
                result.completeExceptionally(ErrorMapper.redirect(status, response.header("Location")));
                return;
            }
            PresenceApiException error = ErrorMapper.map(status, body, response.header("Retry-After"));
            if (status == 429 || status == 503) {
                Duration retryAfter = ErrorMapper.retryAfter(response.header("Retry-After"));
                retryOrFail(spec, result, attempt, urlIndex, status == 503, retryAfter, error);
            } else if (status == 502 || status == 504) {
                // A proxy in front could not reach its node, or not in time: as a connection that failed.
                retryOrFail(spec, result, attempt, urlIndex, true, null, error);
            } else {
                result.completeExceptionally(error);
            }
        } catch (IOException e) {
            retryOrFail(spec, result, attempt, urlIndex, true, null, transport(request, e));
        }
    }

    private void retryOrFail(Spec spec, CompletableFuture<Reply> result, int attempt, int urlIndex, boolean failover,
                             Duration retryAfter, PresenceException error) {
        RetryPolicy policy = options.retryPolicy();
        if (!spec.idempotent() || attempt >= policy.maxAttempts()) {
            result.completeExceptionally(error);
            return;
        }
        int next = failover ? urlIndex + 1 : urlIndex;
        Duration delay;
        if (failover && next < baseUrls.size()) {
            delay = Duration.ZERO; // another server not tried yet: no reason to wait
        } else if (retryAfter != null) {
            if (retryAfter.compareTo(policy.maxBackoff()) > 0) {
                result.completeExceptionally(error); // longer than we may wait: the caller decides
                return;
            }
            delay = retryAfter;
        } else {
            delay = policy.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        }
        try {
            scheduler.schedule(() -> attempt(spec, result, attempt + 1, next), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new PresenceException("client is closed", error));
        }
    }

    /** @return the response's body, or {@code null} when it holds more than {@link #MAX_BODY_BYTES} */
    static byte[] boundedBody(Response response) throws IOException {
        BufferedSource source = response.body().source();
        return source.request(MAX_BODY_BYTES + 1L) ? null : source.readByteArray();
    }

    private static PresenceTransportException transport(Request request, IOException e) {
        return new PresenceTransportException(request.method() + " " + request.url().redact() + " failed: "
                + describe(e), e);
    }

    /**
     * What an I/O failure means, in words rather than a JDK class name ("java.net.ConnectException:
     * Failed to connect to ..."), which the exception keeps as its cause.
     */
    static String describe(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect (" + e.getMessage() + ")";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host (" + e.getMessage() + ")";
        }
        if (e instanceof java.net.SocketTimeoutException
                || e instanceof java.io.InterruptedIOException && "timeout".equals(e.getMessage())) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        String message = String.valueOf(e.getMessage());
        // OkHttp's words for a connection that ended mid-answer: "\n not found: limit=0 content=..." and the like.
        if (e instanceof java.io.EOFException || e instanceof java.net.ProtocolException
                && message.startsWith("unexpected end of stream")) {
            return "the connection closed before the answer was complete";
        }
        if (e instanceof java.io.IOException && message.startsWith("unexpected end of stream")) {
            return "the connection closed before any answer";
        }
        if (e instanceof java.net.SocketException && message.startsWith("Connection reset")) {
            return "the connection was reset";
        }
        if (e instanceof java.net.ProtocolException) {
            return "not an HTTP answer (" + e.getMessage() + ")";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            // Most often https:// to a port that speaks plain HTTP ("Unsupported or unrecognized SSL message").
            return "the TLS handshake failed (" + e.getMessage() + "): is the base URL's scheme, http or https,"
                    + " the one its port speaks, and is its certificate trusted?";
        }
        // okhttp-sse's refusal of a 200 that is not an event stream (a web page at the base URL, say).
        if (e instanceof IllegalStateException && message.startsWith("Invalid content-type: ")) {
            return "the answer is " + message.substring("Invalid content-type: ".length())
                    + ", not an event stream: check the base URL";
        }
        return String.valueOf(e);
    }
}
