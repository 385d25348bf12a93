package io.presence.service.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal Server-Sent Events reader over java.net.http: no thread per stream, events kept in order. */
public final class SseClient implements AutoCloseable {

    /** One received event. */
    public record Event(String id, String event, String data) {
        /** The data read as JSON of {@code type}. */
        public <T> T data(Class<T> type) {
            try {
                return TestNode.JSON.readValue(data, type);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not a " + type.getSimpleName() + ": " + data, e);
            }
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile int status;
    private volatile String contentType;
    private volatile HttpHeaders headers;
    private volatile boolean ended;
    /** How the stream's start broke openapi.yaml, raised by {@link #status()} and {@link #events()}. */
    private volatile AssertionError offContract;
    private volatile Flow.Subscription subscription;

    private SseClient() {
    }

    /** Opens {@code uri}; headers are name/value pairs. */
    public static SseClient open(HttpClient http, URI uri, String... headers) {
        SseClient client = new SseClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpRequest built = request.build();
        http.sendAsync(built, info -> {
            try {
                ContractValidator.checkStart(built, info);
            } catch (AssertionError e) {
                client.offContract = e;
            }
            client.status = info.statusCode();
            client.contentType = info.headers().firstValue("Content-Type").orElse("");
            client.headers = info.headers();
            return HttpResponse.BodySubscribers.fromLineSubscriber(client.new Lines());
        }).whenComplete((response, error) -> client.ended = true);
        return client;
    }

    public List<Event> events() {
        onContract();
        return events;
    }

    public int comments() {
        return comments.get();
    }

    public int status() {
        onContract();
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** A response header, once the response has begun. */
    public Optional<String> header(String name) {
        HttpHeaders received = headers;
        return received == null ? Optional.empty() : received.firstValue(name);
    }

    /** Whether the server ended the stream (or the connection failed). */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        Flow.Subscription sub = subscription;
        if (sub != null) {
            sub.cancel();
        }
    }

    private void onContract() {
        AssertionError broken = offContract;
        if (broken != null) {
            throw broken;
        }
    }

    private final class Lines implements Flow.Subscriber<String> {
        private String id;
        private String event;
        private StringBuilder data;

        @Override
        public void onSubscribe(Flow.Subscription sub) {
            subscription = sub;
            sub.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, event, data.toString()));
                }
                id = null;
                event = null;
                data = null;
            } else if (line.startsWith(":")) {
                comments.incrementAndGet();
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended = true;
        }

        @Override
        public void onComplete() {
            ended = true;
        }
    }
}
