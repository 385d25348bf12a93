package io.presence.service.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NatsServerStartExceptionTest {

    private static final String BIND_FAILURE = "[9] 2026/11/28 12:59:42.826893 [FTL] Error listening on port: "
            + "127.0.0.1:38469, \"listen tcp 127.0.0.1:38469: bind: address already in use\"";

    @Test
    void recognisesBindFailureOnOneOfThePorts() {
        NatsServerStartException e = new NatsServerStartException("m", List.of("[INF] Starting", BIND_FAILURE), null);

        assertThat(e.isAddressInUse(Set.of(38469))).isTrue();
        assertThat(e.isAddressInUse(Set.of(4222))).isFalse();
        assertThat(e.outputTail()).hasSize(2);
        assertThat(e.addressInUse()).hasValue("127.0.0.1:38469");
    }

    @Test
    void otherFailuresAreNotBindFailures() {
        NatsServerStartException e = new NatsServerStartException("m", List.of("[FTL] bad config :4222"), null);

        assertThat(e.isAddressInUse(Set.of(4222))).isFalse();
        assertThat(e.addressInUse()).isEmpty();
    }
}
