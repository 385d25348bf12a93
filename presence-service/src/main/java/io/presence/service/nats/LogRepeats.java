package io.presence.service.nats;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Whether a failure that keeps coming is said now: the first time, then at most once a {@link #REPEAT_AFTER}, with
 * how often it came unsaid meanwhile. A connection retried every 250 ms, or a leaf with the wrong password linking
 * every second, would otherwise fill the log with one line per attempt. Holds the last {@link #KINDS} kinds.
 */
final class LogRepeats {

    /** How long one kind of failure goes unsaid after it was said. */
    static final Duration REPEAT_AFTER = Duration.ofMinutes(1);
    /** Kinds remembered; the least recently said is forgotten first, and is said again when it comes back. */
    static final int KINDS = 64;

    private final LongSupplier nanoTime;
    private final Map<String, long[]> said = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > KINDS;
        }
    };

    LogRepeats(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Empty while {@code kind} was said less than {@link #REPEAT_AFTER} ago; otherwise how many times it came unsaid
     * since it was last said (0 the first time), and it counts as said now.
     */
    synchronized OptionalInt sayNow(String kind) {
        long now = nanoTime.getAsLong();
        long[] last = said.get(kind);
        if (last != null && now - last[0] < REPEAT_AFTER.toNanos()) {
            last[1]++;
            return OptionalInt.empty();
        }
        int unsaid = last == null ? 0 : (int) last[1];
        said.put(kind, new long[] {now, 0});
        return OptionalInt.of(unsaid);
    }

    /** What a line said after {@code unsaid} repeats went unsaid adds: nothing the first time. */
    static String suffix(int unsaid) {
        return unsaid == 0 ? "" : " repeatedSinceLastSaid=" + unsaid;
    }
}
