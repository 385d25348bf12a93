package io.presence.service.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Which address a request is limited by: the left-most entry of the trusted proxy header (the original
 * client) when the request comes from one of the trusted proxies, else the address of its socket. A
 * header from anyone else is ignored, or every client could pick its own bucket by sending one.
 */
public final class ClientAddresses {

    private final String header;
    private final InetAddressSet proxies = new InetAddressSet();

    /**
     * @param header  e.g. {@code X-Forwarded-For}, or null to use the socket's address always
     * @param proxies the proxies' addresses or ranges ({@code 10.0.0.0/8}, {@code 192.168.1.10},
     *                {@code ::1}); a malformed one is an {@link IllegalArgumentException}
     */
    public ClientAddresses(String header, List<String> proxies) {
        this.header = header;
        proxies.forEach(this.proxies::add);
    }

    /** Whether {@code pattern} is an address or range this class understands. */
    public static boolean isValidPattern(String pattern) {
        try {
            new InetAddressSet().add(pattern);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        return header != null && isTrusted(remote) ? of(request.getHeader(header), remote) : remote;
    }

    private boolean isTrusted(String remote) {
        try {
            // A literal address: no name lookup happens.
            return proxies.test(InetAddress.getByName(remote));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String of(String forwarded, String remoteAddress) {
        if (forwarded != null) {
            int comma = forwarded.indexOf(',');
            String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            if (!first.isEmpty()) {
                return first;
            }
        }
        return remoteAddress;
    }
}
