package io.presence.client;

import io.presence.api.Presence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The presences of an export ({@code GET /api/v2/presence/export}), read line by line as they arrive, so an
 * export of any size is never held whole. A line over {@link #MAX_LINE_BYTES} (a node's are under 2 KB), a line
 * that is not a presence, or a stream that ends in the middle of a line or fails fails the iteration with a
 * {@link PresenceTransportException}: an export that did not arrive whole is never taken for a complete one.
 */
final class ExportReader implements Iterator<Presence>, AutoCloseable {

    static final long MAX_LINE_BYTES = 1 << 20;

    private final ResponseBody body;
    private final BufferedSource source;
    private final String what;
    private Presence next;
    private boolean ended;
    private long read;

    /** @param what the request, for messages: {@code GET http://host/api/v2/presence/export} */
    ExportReader(ResponseBody body, String what) {
        this.body = body;
        this.source = body.source();
        this.what = what;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !ended) {
            next = readLine();
        }
        return next != null;
    }

    @Override
    public Presence next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the export has no more presences");
        }
        Presence presence = next;
        next = null;
        read++;
        return presence;
    }

    @Override
    public void close() {
        ended = true;
        body.close();
    }

    /** The next line's presence; null for a blank line or at the end (then {@link #ended} is set). */
    private Presence readLine() {
        try {
            long newline = source.indexOf((byte) '\n', 0, MAX_LINE_BYTES);
            if (newline < 0) {
                if (!source.request(1)) {
                    ended = true;
                    body.close();
                    return null;
                }
                throw new PresenceTransportException(source.request(MAX_LINE_BYTES)
                        ? what + " sent a line over " + MAX_LINE_BYTES + " bytes after " + read + " presences: "
                        + "no node writes such lines; check the base URL"
                        : what + " ended in the middle of a line after " + read + " presences: the export is incomplete",
                        null);
            }
            String line = source.readUtf8(newline);
            source.skip(1);
            if (line.isBlank()) {
                return null;
            }
            return Json.read(line.getBytes(StandardCharsets.UTF_8), Presence.class,
                    what + " sent a line that is not a Presence after " + read + " presences");
        } catch (IOException e) {
            throw new PresenceTransportException(what + " failed after " + read + " presences: "
                    + RequestPipeline.describe(e) + "; the export is incomplete", e);
        }
    }
}
