package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: client endpoints (one socket, ephemeral port) used to bind with SO_REUSEPORT like the server's
 * multi-socket endpoint. Linux lets an ephemeral bind land on a port another SO_REUSEPORT socket of the same
 * user already holds, and then splits the incoming datagrams between the two sockets: a warm-up or load test
 * with many concurrent Java clients saw handshakes stall (the other client's socket dropped the datagrams as
 * "unknown peer").
 */
class ClientEndpointPortTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void concurrentSingleSocketEndpointsNeverShareAPort() throws Exception {
        StackSettings client = StackSettings.builder().bindHost("127.0.0.1").advertisedAddress("127.0.0.1")
            .bindPort(0).sockets(1).maxPeers(1).build();
        List<Future<UdpEndpoint>> binding = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            binding.add(UdpEndpoint.bind(vertx, client));
        }
        Set<Integer> ports = new HashSet<>();
        List<UdpEndpoint> endpoints = new ArrayList<>();
        for (Future<UdpEndpoint> f : binding) {
            UdpEndpoint e = f.await(20, TimeUnit.SECONDS);
            endpoints.add(e);
            assertTrue(ports.add(e.localPort()), "port " + e.localPort() + " handed out twice");
        }
        assertEquals(300, ports.size());
        for (UdpEndpoint e : endpoints) {
            e.close().await(10, TimeUnit.SECONDS);
        }
    }
}
