package io.presence.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // peer gone
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        return new String(s.getInputStream().readNBytes(text.length()));
    }

    @Test
    void bytesPassBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            assertThat(proxy.liveConnections()).isEqualTo(1);
        }
    }

    @Test
    void aCutClosesLiveConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        try (Socket live = connect()) {
            assertThat(roundTrip(live, "x")).isEqualTo("x");
            proxy.cut();
            assertThat(proxy.isCut()).isTrue();
            assertThat(readEnds(live)).isTrue();
        }
        try (Socket refused = connect()) {
            assertThat(readEnds(refused)).isTrue();
        }
        proxy.restore();
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "back")).isEqualTo("back");
        }
    }

    private static boolean readEnds(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aDelayHoldsEachChunkButPipelinesThem() throws IOException {
        proxy.delay(Duration.ofMillis(50));
        try (Socket s = connect()) {
            long began = System.nanoTime();
            assertThat(roundTrip(s, "ping")).isEqualTo("ping");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(100));

            began = System.nanoTime();
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String part = "m" + i + ";";
                sent.append(part);
                s.getOutputStream().write(part.getBytes());
            }
            String received = new String(s.getInputStream().readNBytes(sent.length()));
            assertThat(received).isEqualTo(sent.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void closeReleasesThePort() throws IOException {
        int port = proxy.port();
        proxy.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
