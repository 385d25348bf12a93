package io.presence.service.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    /** A request from {@code remote} with the given headers; nothing else is asked of it. */
    private static HttpServletRequest request(String remote, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(ClientAddressesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> remote;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final ClientAddresses behindProxies = new ClientAddresses("X-Forwarded-For",
            List.of("10.0.0.0/8", "192.168.1.10", "::1"));

    @Test
    void theHeaderIsBelievedFromATrustedProxyOnly() {
        Map<String, String> forwarded = Map.of("X-Forwarded-For", "203.0.113.7, 10.1.1.1");

        assertThat(behindProxies.of(request("10.20.30.40", forwarded))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.of(request("192.168.1.10", forwarded))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.of(request("0:0:0:0:0:0:0:1", forwarded))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.of(request("192.168.1.11", forwarded))).as("not a proxy").isEqualTo("192.168.1.11");
        assertThat(behindProxies.of(request("198.51.100.2", forwarded))).isEqualTo("198.51.100.2");
        assertThat(behindProxies.of(request("10.20.30.40", Map.of()))).as("no header").isEqualTo("10.20.30.40");
    }

    @Test
    void withoutAHeaderTheSocketsAddressCounts() {
        ClientAddresses direct = new ClientAddresses(null, List.of());

        assertThat(direct.of(request("10.0.0.1", Map.of("X-Forwarded-For", "1.2.3.4")))).isEqualTo("10.0.0.1");
    }

    @Test
    void malformedRangesAreRecognised() {
        assertThat(ClientAddresses.isValidPattern("10.0.0.0/8")).isTrue();
        assertThat(ClientAddresses.isValidPattern("fe80::/10")).isTrue();
        assertThat(ClientAddresses.isValidPattern("10.0.0.0/99")).isFalse();
        assertThat(ClientAddresses.isValidPattern("not-an-address")).isFalse();
        assertThatThrownBy(() -> new ClientAddresses("X-Forwarded-For", List.of("10.0.0.0/99")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
