package io.presence.service.nats;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nats-server child did not become ready. The message carries the command line, the config and
 * the last lines of the server's output: everything needed to see why without rerunning it.
 */
public class NatsServerStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Pattern PORT = Pattern.compile(":(\\d{1,5})\\b");
    /** Go's bind failure, on any of the server's listeners: {@code listen tcp 127.0.0.1:4222: bind: address already in use}. */
    private static final Pattern BIND_FAILURE = Pattern.compile("listen tcp (\\S+): bind: address already in use");
    private final transient List<String> outputTail;

    public NatsServerStartException(String message, List<String> outputTail, Throwable cause) {
        super(message, cause);
        this.outputTail = List.copyOf(outputTail);
    }

    /** The last lines the server printed before it was given up on. */
    public List<String> outputTail() {
        return outputTail;
    }

    /** The address ({@code host:port}) the server could not listen on because something else holds it. */
    public Optional<String> addressInUse() {
        for (String line : outputTail) {
            Matcher m = BIND_FAILURE.matcher(line);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** True when the server said one of {@code ports} was already in use. */
    boolean isAddressInUse(Set<Integer> ports) {
        for (String line : outputTail) {
            if (line.toLowerCase(Locale.ROOT).contains("address already in use")) {
                Matcher m = PORT.matcher(line);
                while (m.find()) {
                    if (ports.contains(Integer.parseInt(m.group(1)))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
