package io.presence.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.presence.service.nats.NatsServerProcess;
import io.presence.service.nats.NatsServerSettings;
import io.presence.service.nats.ServerMonitor;
import io.presence.service.testing.FreePorts;
import io.presence.service.testing.NodesExtension;
import io.presence.service.testing.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routes between centers over mutual TLS, as {@code nats.cluster.tls} renders them: servers whose
 * certificates the CA signed form one cluster with a meta leader; a server with a certificate from
 * another CA gets no route.
 */
class RouteTlsIT {

    @RegisterExtension
    final NodesExtension nodes = new NodesExtension();

    @Test
    void centersWithCertificatesFromTheClusterCaFormOneClusterAndAStrangerIsKeptOut() throws Exception {
        TestCertificates ca = TestCertificates.newCa(nodes.dir("pki")).issue("c1").issue("c2").issue("c3");
        TestCertificates rogue = TestCertificates.newCa(nodes.dir("rogue")).issue("c4");
        int[] routePorts = IntStream.range(0, 4).map(i -> FreePorts.next()).toArray();
        List<String> routes = IntStream.of(routePorts).mapToObj(p -> "nats-route://ru:rp@127.0.0.1:" + p).toList();
        List<NatsServerProcess> servers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "c" + (i + 1);
            TestCertificates pki = i < 3 ? ca : rogue;
            NatsServerSettings.Tls tls = new NatsServerSettings.Tls(pki.certFile(name), pki.keyFile(name), pki.caFile());
            NatsServerSettings.Cluster cluster = new NatsServerSettings.Cluster("presence-hub", "127.0.0.1",
                    routePorts[i], null, routes, "ru", "rp", tls);
            servers.add(nodes.natsServer(new NatsServerSettings(name, "127.0.0.1", FreePorts.next(), FreePorts.next(),
                    nodes.dir(name), "hub", new NatsServerSettings.Listen("127.0.0.1", FreePorts.next()), null,
                    cluster)));
        }

        for (NatsServerProcess member : servers.subList(0, 3)) {
            ServerMonitor monitor = new ServerMonitor(member.monitorUrl());
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.metaGroup()
                    .filter(m -> m.leader() != null && m.routes() == 2).isPresent());
        }
        Optional<ServerMonitor.MetaGroup> stranger = new ServerMonitor(servers.get(3).monitorUrl()).metaGroup();
        assertThat(stranger).hasValueSatisfying(meta -> {
            assertThat(meta.routes()).as("routes to a server of another CA").isZero();
            assertThat(meta.leader()).as("alone, it never has a meta leader").isNull();
        });
    }
}
