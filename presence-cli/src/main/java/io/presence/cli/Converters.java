package io.presence.cli;

import io.presence.api.PresenceStatus;
import io.presence.api.Visibility;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value converters. */
final class Converters {

    private Converters() {
    }

    /** The longest {@code --timeout}: the SDK's HTTP client keeps at most 2^31 - 1 ms (24.8 days). */
    static final Duration MAX_TIMEOUT = Duration.ofDays(24);

    /** What is wrong with a {@code --timeout}, if anything: under 1 ms it would be none, over 24 days refused. */
    static Optional<String> timeoutProblem(Duration timeout) {
        if (timeout.compareTo(Duration.ofMillis(1)) >= 0 && timeout.compareTo(MAX_TIMEOUT) <= 0) {
            return Optional.empty();
        }
        return Optional.of("--timeout must be between 1ms and " + MAX_TIMEOUT.toDays() + "d (was " + human(timeout) + ")");
    }

    /** A duration as these options are written: "10s", "48h", "1h30m", "0.5s". */
    static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** "500ms", "30s", "5m", "2h", "1d", or ISO-8601 ("PT5M"). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                try {
                    long n = Long.parseLong(m.group(1));
                    return switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                } catch (NumberFormatException | ArithmeticException e) {
                    // past a long, or past what Duration holds: picocli would name the Java exception
                    throw new TypeConversionException("'" + value + "' is too long a duration");
                }
            }
            try {
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 5m, 2h)");
            }
        }
    }

    /** The wire names: online, away, busy, offline. */
    static final class StatusConverter implements ITypeConverter<PresenceStatus> {
        @Override
        public PresenceStatus convert(String value) {
            return PresenceStatus.fromWireName(value.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                    new TypeConversionException("'" + value + "' is not a status (" + PresenceStatus.ALLOWED_VALUES + ")"));
        }
    }

    /** visible or invisible, in any case. */
    static final class VisibilityConverter implements ITypeConverter<Visibility> {
        @Override
        public Visibility convert(String value) {
            for (Visibility visibility : Visibility.values()) {
                if (visibility.wireName().equalsIgnoreCase(value)) {
                    return visibility;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a visibility (" + Visibility.ALLOWED_VALUES + ")");
        }
    }

    /** Completion candidates for visibilities. */
    static final class VisibilityCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("visible", "invisible").iterator();
        }
    }

    /** Completion candidates for a boolean option that takes a value. */
    static final class BooleanCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("true", "false").iterator();
        }
    }

    /** Completion candidates for statuses. */
    static final class StatusCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("online", "away", "busy", "offline").iterator();
        }
    }
}
