package io.presence.client;

import io.presence.api.Backups;
import io.presence.api.BatchRequest;
import io.presence.api.ErrorDetail;
import io.presence.api.ImportResult;
import io.presence.api.Presence;
import io.presence.api.PresenceLimits;
import io.presence.api.PresenceList;
import io.presence.api.PresenceStatus;
import io.presence.api.SessionList;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;

/**
 * The Presence API client: reads and writes users' presence, follows changes, keeps users alive.
 *
 * <p>Every call has a synchronous form that throws a {@link PresenceException} and an asynchronous
 * twin whose future completes with one; both run through the same pipeline (failover across base
 * URLs, retries per {@link RetryPolicy}). Cancelling an asynchronous call's future cancels its HTTP call.
 * Arguments are checked before any call: one no server accepts throws {@link PresenceInvalidInputException}
 * (an asynchronous call throws it too, rather than return a failed future). Thread-safe: share one instance
 * per application.
 *
 * <pre>{@code
 * try (PresenceClient client = PresenceClient.create(PresenceClientOptions.builder()
 *         .baseUrl("http://localhost:8080").token(jwt).build())) {
 *     client.set("alice", PresenceStatus.ONLINE);
 *     client.get("alice").ifPresent(p -> System.out.println(p.status()));
 * }
 * }</pre>
 */
public final class PresenceClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PresenceClient.class.getName());
    private static final String PRESENCE = UserResource.PRESENCE;
    /** Import requests in flight at once in {@link #importAll}: enough to keep a node's writes busy. */
    static final int IMPORT_IN_FLIGHT = 4;

    private final PresenceClientOptions options;
    private final OkHttpClient http;
    private final OkHttpClient streamHttp;
    private final OkHttpClient exportHttp;
    private final Dispatcher longCalls;
    private final boolean ownsHttp;
    private final ScheduledExecutorService scheduler;
    private final RequestPipeline pipeline;
    private final EtagCache etags;
    private final UserResource users;
    private final Set<AutoCloseable> running = ConcurrentHashMap.newKeySet();

    private PresenceClient(PresenceClientOptions options) {
        this.options = options;
        Optional<OkHttpClient> supplied = options.httpClient();
        this.ownsHttp = supplied.isEmpty();
        // newBuilder() shares the caller's pool and dispatcher; only the timeouts differ.
        this.http = supplied.map(OkHttpClient::newBuilder).orElseGet(PresenceClient::ownHttp)
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .callTimeout(options.callTimeout())
                // OkHttp would follow a 301/302 of a PUT as a GET, and report the read as the write.
                .followRedirects(false)
                .build();
        // Watches and exports hold their call for minutes or for good: on a dispatcher of their own, so they never take
        // the slots the short calls queue for (five open watches once blocked every get and heartbeat).
        this.longCalls = daemonDispatcher("presence-client-stream-", Integer.MAX_VALUE);
        this.streamHttp = http.newBuilder().dispatcher(longCalls).readTimeout(options.streamReadTimeout())
                .callTimeout(Duration.ZERO).addInterceptor(new EventSizeLimit()).build();
        // An export takes as long as the bucket is large: no call timeout; a stalled one ends by the stream's read timeout.
        // Opening it is bounded by the call's read timeout (RequestPipeline gives up an attempt not answered by then).
        this.exportHttp = http.newBuilder().dispatcher(longCalls).readTimeout(options.streamReadTimeout())
                .callTimeout(Duration.ZERO).build();
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "presence-client-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        this.pipeline = new RequestPipeline(http, exportHttp, scheduler, options);
        this.etags = new EtagCache(options.etagCacheSize());
        this.users = new UserResource(pipeline, etags);
    }

    /**
     * A client with these options.
     *
     * @param options validated options from {@link PresenceClientOptions#builder()}
     * @return the client; close it when done
     */
    public static PresenceClient create(PresenceClientOptions options) {
        return new PresenceClient(Inputs.required(options, "options"));
    }

    /** @return the options this client was built with */
    public PresenceClientOptions options() {
        return options;
    }

    /**
     * A user's presence. Sends the ETag of the last answer for this user, so an unchanged presence
     * costs the server no body.
     *
     * @param userId the user
     * @return the presence, empty when the user has none
     * @throws PresenceNotFoundException when a 404 is not the API's (a base URL that misses the API)
     * @throws PresenceException on any other failure
     */
    public Optional<Presence> get(String userId) {
        return join(getAsync(userId));
    }

    /**
     * As {@link #get(String)}, asynchronously.
     *
     * @param userId the user
     * @return a future of the presence, empty when the user has none
     */
    public CompletableFuture<Optional<Presence>> getAsync(String userId) {
        Inputs.userId(userId);
        Optional<EtagCache.Entry> cached = etags.get(userId);
        Map<String, String> headers = cached.map(e -> Map.of("If-None-Match", e.etag())).orElse(Map.of());
        RequestPipeline.Spec spec = new RequestPipeline.Spec("GET", base -> UserResource.userUrl(base, userId), null,
                headers, Set.of(404), true);
        CompletableFuture<RequestPipeline.Reply> call = pipeline.execute(spec);
        return Cancellation.propagate(call.thenApply(reply -> {
            if (reply.status() == 404) {
                // The API answers a user without presence with its JSON not_found; any other 404 (a
                // proxy's HTML page, an empty body) means the base URL does not reach the API at all.
                if (!ErrorMapper.isApiNotFound(reply.body())) {
                    throw ErrorMapper.map(404, reply.body(), null);
                }
                etags.remove(userId);
                return Optional.empty();
            }
            if (reply.status() == 304 && cached.isPresent()) {
                return Optional.of(cached.get().presence());
            }
            Presence presence = reply.read(Presence.class);
            etags.put(userId, reply.etag(), presence);
            return Optional.of(presence);
        }), call);
    }

    /**
     * Several users' presence in one round trip per {@link PresenceClientOptions#batchSize()} ids;
     * longer lists are split and the answers merged. Duplicates are asked once.
     *
     * @param userIds the users
     * @return the users found and the ids not found, both in request order
     * @throws PresenceException on failure
     */
    public PresenceList getMany(Collection<String> userIds) {
        return join(getManyAsync(userIds));
    }

    /**
     * As {@link #getMany(Collection)}, for ids at hand: {@code client.getMany("alice", "bob")}.
     *
     * @param userIds the users
     * @return the users found and the ids not found, both in request order
     * @throws PresenceException on failure
     */
    public PresenceList getMany(String... userIds) {
        return getMany(Arrays.asList(Inputs.required(userIds, "userIds")));
    }

    /**
     * As {@link #getMany(Collection)}, asynchronously; the chunks are requested in parallel.
     *
     * @param userIds the users
     * @return a future of the users found and the ids not found, in request order
     */
    public CompletableFuture<PresenceList> getManyAsync(Collection<String> userIds) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(Inputs.required(userIds, "userIds")));
        unique.forEach(Inputs::userId);
        List<CompletableFuture<RequestPipeline.Reply>> calls = new ArrayList<>();
        List<CompletableFuture<PresenceList>> chunks = new ArrayList<>();
        for (int from = 0; from < unique.size(); from += options.batchSize()) {
            List<String> chunk = unique.subList(from, Math.min(unique.size(), from + options.batchSize()));
            byte[] body = Json.write(new BatchRequest(chunk));
            // A batch lookup is a read: safe to repeat.
            RequestPipeline.Spec spec = new RequestPipeline.Spec("POST",
                    base -> base.newBuilder().addPathSegments(PRESENCE + "/batch").build(), body, Map.of(),
                    Set.of(), true);
            CompletableFuture<RequestPipeline.Reply> call = pipeline.execute(spec);
            calls.add(call);
            chunks.add(call.thenApply(reply -> reply.read(PresenceList.class)));
        }
        return Cancellation.propagate(CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Presence> found = new ArrayList<>();
            List<String> notFound = new ArrayList<>();
            for (CompletableFuture<PresenceList> chunk : chunks) {
                PresenceList list = chunk.join();
                found.addAll(list.presences());
                notFound.addAll(list.notFound());
            }
            return new PresenceList(found, notFound);
        }), calls);
    }

    /**
     * Sets a user's status, message and TTL: on a server with sessions, those of the user's session
     * {@value PresenceLimits#DEFAULT_SESSION_ID} (see {@link #setSession}).
     *
     * @param userId the user; the token must be this user's or carry {@code presence:admin}
     * @param update the new status, message and TTL
     * @return the stored presence with its new revision
     * @throws PresenceInvalidInputException when the user id is invalid
     * @throws PresenceValidationException   when the server refuses the update (a TTL outside its range)
     * @throws PresenceException             on any other failure
     */
    public Presence set(String userId, StatusUpdate update) {
        return join(setAsync(userId, update));
    }

    /**
     * Sets a user's status, with no message and the server's default TTL.
     *
     * @param userId the user; the token must be this user's or carry {@code presence:admin}
     * @param status the new status
     * @return the stored presence with its new revision
     * @throws PresenceException on failure
     */
    public Presence set(String userId, PresenceStatus status) {
        return set(userId, StatusUpdate.of(status));
    }

    /**
     * Sets a user's status and message, with the server's default TTL.
     *
     * @param userId  the user; the token must be this user's or carry {@code presence:admin}
     * @param status  the new status
     * @param message the status message, or {@code null} for none
     * @return the stored presence with its new revision
     * @throws PresenceException on failure
     */
    public Presence set(String userId, PresenceStatus status, String message) {
        return set(userId, StatusUpdate.of(status, message));
    }

    /**
     * As {@link #set(String, StatusUpdate)}, asynchronously.
     *
     * @param userId the user
     * @param update the new status, message and TTL
     * @return a future of the stored presence
     * @throws PresenceInvalidInputException when the user id is invalid
     */
    public CompletableFuture<Presence> setAsync(String userId, StatusUpdate update) {
        return users.put(userId, update, Map.of());
    }

    /**
     * Sets a user's presence only if it is still at {@code revision} (optimistic concurrency).
     *
     * @param userId   the user
     * @param update   the new status, message and TTL
     * @param revision the revision last read
     * @return the stored presence with its new revision
     * @throws PresenceInvalidInputException when the user id is invalid, or the revision below 1 (nothing is sent)
     * @throws PresenceConflictException     when the presence changed since
     * @throws PresenceException             on any other failure
     */
    public Presence setIfMatch(String userId, StatusUpdate update, long revision) {
        return join(setIfMatchAsync(userId, update, revision));
    }

    /**
     * As {@link #setIfMatch(String, StatusUpdate, long)}, asynchronously; the future fails with
     * {@link PresenceConflictException} when the presence changed.
     *
     * @param userId   the user
     * @param update   the new status, message and TTL
     * @param revision the revision last read
     * @return a future of the stored presence
     * @throws PresenceInvalidInputException when the user id is invalid, or the revision below 1
     */
    public CompletableFuture<Presence> setIfMatchAsync(String userId, StatusUpdate update, long revision) {
        return users.put(userId, update, Map.of("If-Match", "\"" + Inputs.revision(revision) + "\""));
    }

    /**
     * Sets a user's presence only if the user has none yet ({@code If-None-Match: *}): of writers racing to
     * create one, one wins. A retry after a lost answer can find the presence it created and fail too.
     *
     * @param userId the user
     * @param update the status, message and TTL
     * @return the stored presence
     * @throws PresenceConflictException when the user has a presence already
     * @throws PresenceException         on any other failure
     */
    public Presence setIfAbsent(String userId, StatusUpdate update) {
        return join(setIfAbsentAsync(userId, update));
    }

    /**
     * As {@link #setIfAbsent(String, StatusUpdate)}, asynchronously; the future fails with
     * {@link PresenceConflictException} when the user has a presence already.
     *
     * @param userId the user
     * @param update the status, message and TTL
     * @return a future of the stored presence
     * @throws PresenceInvalidInputException when the user id is invalid
     */
    public CompletableFuture<Presence> setIfAbsentAsync(String userId, StatusUpdate update) {
        return users.put(userId, update, Map.of("If-None-Match", "*"));
    }

    /**
     * Sets a user offline at once: writes {@code offline} to the user's own path. On a server with sessions that
     * ends the session {@value PresenceLimits#DEFAULT_SESSION_ID} only; {@link #endAllSessions} signs the user out
     * everywhere.
     *
     * @param userId the user
     * @return the stored presence, offline unless another session is live
     * @throws PresenceNotFoundException when the user has no presence (the server stores nothing: a user never seen
     *                                   is not to read as seen now)
     * @throws PresenceException on failure
     */
    public Presence clear(String userId) {
        return join(clearAsync(userId));
    }

    /**
     * As {@link #clear(String)}, asynchronously.
     *
     * @param userId the user
     * @return a future of the stored offline presence
     */
    public CompletableFuture<Presence> clearAsync(String userId) {
        return setAsync(userId, StatusUpdate.of(PresenceStatus.OFFLINE));
    }

    /**
     * Sets one session of a user ({@code PUT /api/v2/presence/{userId}/sessions/{sessionId}}): a device's or
     * app instance's status, message, TTL and, when the update sets them, the user's privacy settings. Sessions
     * never overwrite one another; the user's presence is the aggregate of the live ones (busy over online over
     * away over offline). An update with status offline ends the session.
     *
     * @param userId    the user; the token must be this user's or carry {@code presence:admin}
     * @param sessionId the session, by the rules of a user id (a device id, say)
     * @param update    the session's status, message and TTL
     * @return the user's aggregate presence after the write, as the user sees it (with {@code sessions},
     *         {@code visibility} and {@code shareLastSeen})
     * @throws PresenceInvalidInputException when the user or session id is invalid
     * @throws PresenceValidationException   when the server refuses the update, or the user has as many live
     *                                       sessions as the server allows (422, detail {@code sessionId})
     * @throws PresenceNotFoundException     when the server has no sessions (an older server: 404)
     * @throws PresenceException             on any other failure
     */
    public Presence setSession(String userId, String sessionId, StatusUpdate update) {
        return join(setSessionAsync(userId, sessionId, update));
    }

    /**
     * As {@link #setSession(String, String, StatusUpdate)}, asynchronously.
     *
     * @param userId    the user
     * @param sessionId the session
     * @param update    the session's status, message and TTL
     * @return a future of the user's aggregate presence
     * @throws PresenceInvalidInputException when the user or session id is invalid
     */
    public CompletableFuture<Presence> setSessionAsync(String userId, String sessionId, StatusUpdate update) {
        return users.putSession(userId, sessionId, update);
    }

    /**
     * A user's live sessions ({@code GET /api/v2/presence/{userId}/sessions}), most recently written first. Only
     * the user's own token, or one with {@code presence:admin}, may list them.
     *
     * @param userId the user
     * @return the sessions (none when the user is offline) and the user's revision
     * @throws PresenceNotFoundException     when the user has no presence, or the server has no sessions
     * @throws PresenceUnauthorizedException when there is no token (401)
     * @throws PresenceForbiddenException    when the token is another user's (403)
     * @throws PresenceException             on any other failure
     */
    public SessionList sessions(String userId) {
        return join(sessionsAsync(userId));
    }

    /**
     * As {@link #sessions(String)}, asynchronously.
     *
     * @param userId the user
     * @return a future of the sessions
     * @throws PresenceInvalidInputException when the user id is invalid
     */
    public CompletableFuture<SessionList> sessionsAsync(String userId) {
        return users.sessions(userId);
    }

    /**
     * Ends one session at once ({@code DELETE /api/v2/presence/{userId}/sessions/{sessionId}}): signs out one
     * device. A retry after a lost answer finds the session ended and throws {@link PresenceNotFoundException}.
     * A heartbeat of this client beating the session is stopped first, so that it does not start it again.
     *
     * @param userId    the user; the token must be this user's or carry {@code presence:admin}
     * @param sessionId the session
     * @return the user's aggregate presence over the sessions left (offline when none is)
     * @throws PresenceNotFoundException when the session is not live, or the server has no sessions
     * @throws PresenceException         on any other failure
     */
    public Presence endSession(String userId, String sessionId) {
        return join(endSessionAsync(userId, sessionId));
    }

    /**
     * As {@link #endSession(String, String)}, asynchronously.
     *
     * @param userId    the user
     * @param sessionId the session
     * @return a future of the user's aggregate presence
     * @throws PresenceInvalidInputException when the user or session id is invalid
     */
    public CompletableFuture<Presence> endSessionAsync(String userId, String sessionId) {
        Inputs.userId(userId);
        Inputs.sessionId(sessionId);
        return afterHeartbeatsStop(userId, sessionId, () -> users.endSession(userId, sessionId));
    }

    /** A heartbeat's sign-out on close: one attempt, no retries (see {@link PresenceHeartbeat#close()}). */
    void endSessionOnce(String userId, String sessionId) {
        join(users.endSessionOnce(userId, sessionId));
    }

    /**
     * Ends every session of a user ({@code DELETE /api/v2/presence/{userId}}): signs the user out everywhere. The
     * user's message and privacy settings are kept. This client's heartbeats of the user are stopped first; one
     * running elsewhere starts its session again at its next beat.
     *
     * @param userId the user; the token must be this user's or carry {@code presence:admin}
     * @return the user's offline presence
     * @throws PresenceNotFoundException when the user has no presence, or the server has no sessions
     * @throws PresenceException         on any other failure
     */
    public Presence endAllSessions(String userId) {
        return join(endAllSessionsAsync(userId));
    }

    /**
     * As {@link #endAllSessions(String)}, asynchronously.
     *
     * @param userId the user
     * @return a future of the user's offline presence
     * @throws PresenceInvalidInputException when the user id is invalid
     */
    public CompletableFuture<Presence> endAllSessionsAsync(String userId) {
        Inputs.userId(userId);
        return afterHeartbeatsStop(userId, null, () -> users.endAll(userId));
    }

    /**
     * Runs {@code signOut} once this client's heartbeats of the user's session (of every session of theirs when
     * {@code sessionId} is null) have stopped and their beats in flight have landed: a heartbeat left running would
     * start the session again at its next beat. Heartbeats of other clients (another device, another process) are
     * theirs to stop. Cancelling the returned future cancels the sign-out's call.
     */
    private CompletableFuture<Presence> afterHeartbeatsStop(String userId, String sessionId,
                                                            Supplier<CompletableFuture<Presence>> signOut) {
        CompletableFuture<Void> stopped = CompletableFuture.allOf(List.copyOf(running).stream()
                .filter(resource -> resource instanceof PresenceHeartbeat heartbeat && heartbeat.beats(userId, sessionId))
                .map(resource -> ((PresenceHeartbeat) resource).stopForSignOut())
                .toArray(CompletableFuture[]::new));
        if (stopped.isDone()) {
            return signOut.get();
        }
        CompletableFuture<Presence> result = new CompletableFuture<>();
        stopped.whenComplete((ignored, error) -> {
            if (result.isDone()) {
                return; // cancelled meanwhile
            }
            CompletableFuture<Presence> call;
            try {
                call = signOut.get();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            Cancellation.propagate(result, call);
            call.whenComplete((presence, failure) -> {
                if (failure == null) {
                    result.complete(presence);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        });
        return result;
    }

    /**
     * Every presence the node stores, as it stores them ({@code GET /api/v2/presence/export}): a backup. The
     * presences are read as the stream is consumed, never all at once; close the stream when done (also when
     * stopping early). The token needs the scope {@code presence:admin}. Opening the export is retried and fails
     * over like every call; once it is open, a failure (the node stopped, the connection broke) ends the stream
     * with a {@link PresenceTransportException}, never as if the export were complete.
     *
     * <pre>{@code
     * try (Stream<Presence> all = client.exportAll()) {
     *     all.forEach(backup::write);
     * }
     * }</pre>
     *
     * @return the presences, in the node's storage order, each with its stored (not effective) status
     * @throws PresenceUnauthorizedException when the token is missing or invalid
     * @throws PresenceForbiddenException    when the token lacks {@code presence:admin}
     * @throws PresenceException             on any other failure to open the export
     */
    public Stream<Presence> exportAll() {
        RequestPipeline.Spec spec = new RequestPipeline.Spec("GET",
                base -> base.newBuilder().addPathSegments(PRESENCE + "/export").build(), null,
                Map.of("Accept", Backups.NDJSON), Set.of(), true, RequestPipeline.NDJSON, true);
        RequestPipeline.Reply reply = join(pipeline.execute(spec));
        MediaType type = reply.contentType() == null ? null : MediaType.parse(reply.contentType());
        if (reply.status() != 200 || type == null || !(type.type() + "/" + type.subtype()).equalsIgnoreCase(Backups.NDJSON)) {
            // A proxy's or a wrong URL's empty page would otherwise read as a complete export of nothing.
            reply.stream().close();
            throw new PresenceTransportException("GET /" + PRESENCE + "/export answered " + reply.status() + " with "
                    + (reply.contentType() == null ? "no Content-Type" : "Content-Type " + reply.contentType())
                    + ", not an export (" + Backups.NDJSON + "): check the base URL", null);
        }
        ExportReader reader = new ExportReader(reply.stream(), "GET /" + PRESENCE + "/export");
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(reader,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(reader::close);
    }

    /**
     * Restores presences from an export ({@code POST /api/v2/presence/import}) in one request: at most
     * {@value PresenceLimits#MAX_BODY_BYTES} bytes of JSON lines (a few hundred presences). Each is stored as it
     * was (status, message, lastSeen, updatedAt, expiresAt, ttlSeconds, nodeId), unless the node holds a record
     * of that user as new or newer (by {@code updatedAt}); so importing again is safe, and retried like a read.
     *
     * @param presences the presences, e.g. from {@link #exportAll()}; none is no request, and nothing imported
     * @return how many were stored and how many skipped
     * @throws PresenceInvalidInputException when they do not fit one request (use {@link #importAll}) or a user
     *                                       id is invalid
     * @throws PresenceException             on failure; the node refuses all when one is invalid (400, 422)
     */
    public ImportResult importBatch(List<Presence> presences) {
        return join(importBatchAsync(presences));
    }

    /**
     * As {@link #importBatch(List)}, asynchronously.
     *
     * @param presences the presences
     * @return a future of how many were stored and how many skipped
     * @throws PresenceInvalidInputException when they do not fit one request or a user id is invalid
     */
    public CompletableFuture<ImportResult> importBatchAsync(List<Presence> presences) {
        Inputs.required(presences, "presences");
        if (presences.isEmpty()) {
            // Nothing to store, as importAll of nothing: the node would refuse a body without lines.
            pipeline.checkOpen();
            return CompletableFuture.completedFuture(new ImportResult(0, 0));
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Presence presence : presences) {
            lines.writeBytes(importLine(presence));
        }
        if (lines.size() > PresenceLimits.MAX_BODY_BYTES) {
            throw new PresenceInvalidInputException("presences", presences.size() + " presences take " + lines.size()
                    + " bytes, over the " + PresenceLimits.MAX_BODY_BYTES + " of one request; use importAll");
        }
        return importLines(lines.toByteArray());
    }

    /**
     * Restores any number of presences from an export: sends them in requests of at most
     * {@value PresenceLimits#MAX_BODY_BYTES} bytes, four at a time, reading {@code presences}
     * as it goes (an export of any size is never held whole). Idempotent: after a failure, import the same
     * presences again; those stored already are skipped.
     *
     * @param presences the presences, e.g. read from a file an export was written to
     * @param progress  called after each request with the totals so far (on the calling thread)
     * @return how many were stored and how many skipped, in all
     * @throws PresenceInvalidInputException when a presence is over one request or has an invalid user id
     * @throws PresenceException             on the first request that failed (others in flight are let finish)
     */
    public ImportResult importAll(Iterator<Presence> presences, Consumer<ImportResult> progress) {
        Inputs.required(presences, "presences");
        Inputs.required(progress, "progress");
        pipeline.checkOpen();
        Deque<CompletableFuture<ImportResult>> inFlight = new ArrayDeque<>();
        ImportResult total = new ImportResult(0, 0);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        long given = 0;
        long batchFirst = 1;
        while (presences.hasNext()) {
            byte[] line = importLine(presences.next());
            given++;
            if (line.length > PresenceLimits.MAX_BODY_BYTES) {
                throw new PresenceInvalidInputException("presences", "a presence takes " + line.length + " bytes, over the "
                        + PresenceLimits.MAX_BODY_BYTES + " of one request");
            }
            if (batch.size() + line.length > PresenceLimits.MAX_BODY_BYTES) {
                total = send(inFlight, batch, batchFirst, total, progress);
                batchFirst = given;
            }
            batch.writeBytes(line);
        }
        if (batch.size() > 0) {
            total = send(inFlight, batch, batchFirst, total, progress);
        }
        while (!inFlight.isEmpty()) {
            total = total.plus(join(inFlight.removeFirst()));
            progress.accept(total);
        }
        return total;
    }

    /**
     * Sends the batch (after waiting for the oldest request when enough are in flight) and empties it.
     *
     * @param first the position of the batch's first presence among all those given, from 1
     */
    private ImportResult send(Deque<CompletableFuture<ImportResult>> inFlight, ByteArrayOutputStream batch, long first,
                              ImportResult total, Consumer<ImportResult> progress) {
        ImportResult sum = total;
        if (inFlight.size() >= IMPORT_IN_FLIGHT) {
            sum = sum.plus(join(inFlight.removeFirst()));
            progress.accept(sum);
        }
        inFlight.addLast(numberedFrom(first, importLines(batch.toByteArray())));
        batch.reset();
        return sum;
    }

    /**
     * A refused request's problems as positions among all the presences given ({@code "presence 450"}), not the
     * server's lines of that one request ({@code "line 50"}), and its message saying what it covered: the requests
     * before it were stored.
     */
    private static CompletableFuture<ImportResult> numberedFrom(long first, CompletableFuture<ImportResult> call) {
        return call.handle((result, error) -> {
            if (error == null) {
                return result;
            }
            PresenceException failure = unwrap(error);
            if (!(failure instanceof PresenceValidationException refused)) {
                throw failure;
            }
            List<ErrorDetail> details = refused.details().stream().map(detail -> detail.field() != null
                    && detail.field().matches("line [0-9]{1,9}")
                    ? new ErrorDetail("presence " + (first - 1 + Long.parseLong(detail.field().substring(5))),
                            detail.message())
                    : detail).toList();
            throw new PresenceValidationException(refused.status(), refused.code(), refused.getMessage()
                    + " (of the request from presence " + first + " on; the requests before it were stored, and later"
                    + " ones may have been: importing again skips what is stored)", details);
        });
    }

    private CompletableFuture<ImportResult> importLines(byte[] lines) {
        // Idempotent: a record the node holds already (as new or newer) is skipped, so a retry changes nothing.
        RequestPipeline.Spec spec = new RequestPipeline.Spec("POST",
                base -> base.newBuilder().addPathSegments(PRESENCE + "/import").build(), lines, Map.of(), Set.of(),
                true, RequestPipeline.NDJSON, false);
        CompletableFuture<RequestPipeline.Reply> call = pipeline.execute(spec);
        return Cancellation.propagate(call.thenApply(reply -> reply.read(ImportResult.class)), call);
    }

    private static byte[] importLine(Presence presence) {
        Inputs.required(presence, "presence");
        Inputs.userId(presence.userId());
        byte[] json = Json.write(presence);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /**
     * Follows users' presence: the listener first gets each user's current presence, then every
     * change, until the watch is closed. Reconnects with backoff, resuming after the last event.
     *
     * @param userIds  1 to {@value PresenceLimits#MAX_BATCH_SIZE} users
     * @param listener receives presences, gaps, connects, disconnects and errors
     * @return the running watch; close it to stop
     * @throws PresenceInvalidInputException when there are no users, too many, or an invalid id
     * @throws PresenceException             when this client is closed
     */
    public PresenceWatch watch(Collection<String> userIds, PresenceListener listener) {
        pipeline.checkOpen();
        Inputs.required(listener, "listener");
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(Inputs.required(userIds, "userIds")));
        if (unique.isEmpty() || unique.size() > PresenceLimits.MAX_BATCH_SIZE) {
            throw new PresenceInvalidInputException("userIds", "watch 1-" + PresenceLimits.MAX_BATCH_SIZE
                    + " users (was " + unique.size() + ")");
        }
        unique.forEach(Inputs::userId);
        SseWatch[] self = new SseWatch[1];
        self[0] = new SseWatch(pipeline, streamHttp, scheduler, options.retryPolicy(),
                options.readTimeout(), unique, listener,
                () -> running.remove(self[0]));
        running.add(self[0]);
        return self[0].connect();
    }

    /**
     * Keeps a user at {@code status}, as {@link #heartbeat(String, StatusUpdate, HeartbeatListener)} with a
     * listener that does nothing (failures are still logged and visible on the heartbeat).
     *
     * @param userId  the user
     * @param status  the status to hold, not offline
     * @param message a status message, or {@code null}
     * @param ttl     the lifetime of each beat, whole seconds from 1 s to 24 h
     * @return the running heartbeat, its first beat stored
     * @throws PresenceInvalidInputException when an argument is one no server accepts
     * @throws PresenceException             when the first beat fails (see the other form)
     */
    public PresenceHeartbeat heartbeat(String userId, PresenceStatus status, String message, Duration ttl) {
        return heartbeat(userId, new StatusUpdate(status, message, Inputs.required(ttl, "ttl")),
                new HeartbeatListener() { });
    }

    /**
     * Keeps a user at a status in a session of its own, as
     * {@link #heartbeat(String, String, StatusUpdate, HeartbeatListener)} with a session id made up for it
     * ({@code hb-} and 12 random letters and digits, {@link PresenceHeartbeat#sessionId()}): two instances of an
     * application, each with its heartbeat, keep the user present side by side instead of overwriting each other.
     *
     * @param userId   the user
     * @param update   the status to hold (not offline), its message, and its TTL (required)
     * @param listener hears failures, recoveries and a stop after the first beat
     * @return the running heartbeat, its first beat stored
     * @throws PresenceInvalidInputException when an argument is one no server accepts
     * @throws PresenceException             when the first beat fails (see the form with a session id)
     */
    public PresenceHeartbeat heartbeat(String userId, StatusUpdate update, HeartbeatListener listener) {
        return heartbeat(userId, PresenceHeartbeat.newSessionId(), update, listener);
    }

    /**
     * Keeps a user at a status by writing one session of theirs now and again at about half its TTL
     * ({@link #setSession}); close the heartbeat to end the session (the user goes offline when no other session is
     * live). The first beat is written before this returns, so a token that may not write the user or a TTL outside
     * the server's range fails here, not later and silently. How later beats fare goes to {@code listener} and the
     * log; see {@link PresenceHeartbeat}. A server without sessions refuses the first beat with
     * {@link PresenceNotFoundException} (404) or {@link PresenceApiException} 405.
     *
     * @param userId    the user
     * @param sessionId the session, by the rules of a user id: a name that stays the same across restarts (a
     *                  device id) lets a restarted application take its session over instead of leaving the
     *                  old one to lapse
     * @param update    the status to hold (not offline), its message, and its TTL (required)
     * @param listener  hears failures, recoveries and a stop after the first beat
     * @return the running heartbeat, its first beat stored
     * @throws PresenceInvalidInputException  when the status is offline, the TTL missing, the user or session id
     *                                        invalid
     * @throws PresenceUnauthorizedException  when the token is missing or refused (401)
     * @throws PresenceForbiddenException     when the token may not write this user (403)
     * @throws PresenceValidationException    when the server refuses the update, e.g. a TTL below its minimum
     * @throws PresenceException              when the first beat fails otherwise, after the retry policy's
     *                                        attempts, or this client is closed
     */
    public PresenceHeartbeat heartbeat(String userId, String sessionId, StatusUpdate update,
                                       HeartbeatListener listener) {
        pipeline.checkOpen();
        Inputs.userId(userId);
        Inputs.sessionId(sessionId);
        Inputs.required(update, "update");
        Inputs.required(listener, "listener");
        Inputs.required(update.ttl(), "ttl");
        if (update.status() == PresenceStatus.OFFLINE) {
            throw new PresenceInvalidInputException("status", "a heartbeat keeps a user present; use endSession() "
                    + "or clear() for offline");
        }
        Presence first = setSession(userId, sessionId, update);
        PresenceHeartbeat[] self = new PresenceHeartbeat[1];
        self[0] = new PresenceHeartbeat(this, scheduler, userId, sessionId, update, listener,
                () -> running.remove(self[0]), first);
        running.add(self[0]);
        return self[0].start();
    }

    /**
     * Closes running heartbeats (ending their sessions) and watches, then releases the threads
     * and connections this client created; a caller-supplied OkHttp client is left running. Idempotent,
     * and never throws: a failure to close one of them is logged.
     */
    @Override
    public void close() {
        for (AutoCloseable resource : List.copyOf(running)) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + resource.getClass().getSimpleName() + " failed: " + e);
            }
        }
        scheduler.shutdownNow();
        pipeline.failPending();
        longCalls.executorService().shutdown();
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The client's own OkHttp, whose calls run on {@link #daemonDispatcher daemon threads}, 64 at once. */
    static OkHttpClient.Builder ownHttp() {
        return new OkHttpClient.Builder().dispatcher(daemonDispatcher("presence-client-http-", 64));
    }

    /**
     * A dispatcher running up to {@code maxCalls} calls at once on daemon threads (OkHttp's own threads are not, and
     * keep a JVM whose main() has returned alive for their 60 s idle time when the client was not closed), all of
     * them to one host if need be: OkHttp's default of 5 per host suits a browser, not a client of one service,
     * whose further calls would wait in the queue, where no timeout counts.
     */
    static Dispatcher daemonDispatcher(String threadName, int maxCalls) {
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor calls = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, threadName + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Dispatcher dispatcher = new Dispatcher(calls);
        dispatcher.setMaxRequests(maxCalls);
        dispatcher.setMaxRequestsPerHost(maxCalls);
        return dispatcher;
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new PresenceTransportException("interrupted", e);
        }
    }

    static PresenceException unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException || cause instanceof ExecutionException) {
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof PresenceException presence) {
            return presence;
        }
        return new PresenceException(String.valueOf(cause.getMessage()), cause);
    }
}
