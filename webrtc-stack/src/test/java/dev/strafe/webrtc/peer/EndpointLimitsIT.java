package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.sdp.SdpException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every limit of the endpoint refuses clearly and shows in its metric. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointLimitsIT {

    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static String offer() throws Exception {
        PeerConnection client = PeerConnection.offer(vertx, StackSettings.defaults()).await(10, TimeUnit.SECONDS);
        String sdp = client.localDescription();
        client.close().await(10, TimeUnit.SECONDS);
        return sdp;
    }

    @Test
    void refusesOffersBeyondMaxPeersAndCountsThem() throws Exception {
        UdpEndpoint endpoint = UdpEndpoint.bind(vertx, StackSettings.builder().maxPeers(2).build()).await(10, TimeUnit.SECONDS);
        try {
            PeerConnection.answer(endpoint, offer());
            PeerConnection.answer(endpoint, offer());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> PeerConnection.answer(endpoint, offer()));
            assertTrue(e.getMessage().contains("maxPeers 2"), e.getMessage());
            assertEquals(1, endpoint.metrics().peersRefused());
            assertEquals(2, endpoint.metrics().peers());
        } finally {
            endpoint.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void failsAndRemovesPeersThatNeverCheckWithinTheHandshakeTimeout() throws Exception {
        UdpEndpoint endpoint = UdpEndpoint.bind(vertx, StackSettings.builder().handshakeTimeout(Duration.ofSeconds(1)).build())
            .await(10, TimeUnit.SECONDS);
        try {
            PeerConnection pc = PeerConnection.answer(endpoint, offer());
            assertEquals(1, endpoint.metrics().pendingPeers());
            pc.closed().await(5, TimeUnit.SECONDS);
            assertEquals(PeerConnection.State.FAILED, pc.connectionState());
            assertTrue(pc.failureReason().startsWith("handshake timeout"), pc.failureReason());
            EndpointMetrics m = endpoint.metrics();
            assertEquals(0, m.peers());
            assertEquals(0, m.pendingPeers());
            assertEquals(1, m.handshakesFailed());
        } finally {
            endpoint.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void dropsChecksFromOutsideTheAllowedNetworks() throws Exception {
        UdpEndpoint endpoint = UdpEndpoint.bind(vertx, StackSettings.builder().allowedRemoteNetworks("10.0.0.0/8")
            .handshakeTimeout(Duration.ofSeconds(2)).build()).await(10, TimeUnit.SECONDS);
        try {
            PeerConnection client = PeerConnection.offer(vertx, StackSettings.builder().handshakeTimeout(Duration.ofSeconds(2)).build())
                .await(10, TimeUnit.SECONDS);
            PeerConnection server = PeerConnection.answer(endpoint, client.localDescription());
            assertThrows(Exception.class, () -> client.setRemoteDescription(server.localDescription()).await(10, TimeUnit.SECONDS));
            assertTrue(endpoint.metrics().droppedByFilter() > 0, endpoint.metrics().toJson());
            assertEquals(0, endpoint.metrics().handshakesOk());
            server.closed().await(5, TimeUnit.SECONDS);
            assertEquals(0, endpoint.metrics().peers());
        } finally {
            endpoint.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void consentLossTurnsThePeerDisconnectedThenFailedAndRemovesIt() throws Exception {
        StackSettings settings = StackSettings.builder().iceDisconnectedTimeout(Duration.ofSeconds(2))
            .iceFailedTimeout(Duration.ofSeconds(4)).build();
        UdpEndpoint endpoint = UdpEndpoint.bind(vertx, settings).await(10, TimeUnit.SECONDS);
        try (LossyUdpRelay relay = new LossyUdpRelay(new java.net.InetSocketAddress("127.0.0.1", endpoint.localPort()),
                1, 0, 0, d -> false, d -> false)) {
            PeerConnection client = PeerConnection.offer(vertx, StackSettings.defaults()).await(10, TimeUnit.SECONDS);
            PeerConnection server = PeerConnection.answer(endpoint, client.localDescription());
            java.util.List<PeerConnection.State> states = new java.util.concurrent.CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            server.onConnectionStateChange(s -> { states.add(s); System.out.println("consent test: " + s + " at " + (System.nanoTime() - t0) / 1_000_000 + " ms"); });
            client.setRemoteDescription(server.localDescription()
                .replace(" " + endpoint.localPort() + " typ host", " " + relay.port() + " typ host")).await(10, TimeUnit.SECONDS);
            LossyHandshakeIT.awaitState(server, PeerConnection.State.CONNECTED);
            relay.blackhole = true; // the client vanishes without a goodbye
            System.out.println("consent test: blackhole at " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            server.closed().await(10, TimeUnit.SECONDS);
            assertEquals(java.util.List.of(PeerConnection.State.CONNECTING, PeerConnection.State.CONNECTED,
                PeerConnection.State.DISCONNECTED, PeerConnection.State.FAILED), states);
            assertTrue(server.failureReason().contains("consent"), server.failureReason());
            assertEquals(0, endpoint.metrics().peers());
            client.close().await(10, TimeUnit.SECONDS);
        } finally {
            endpoint.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAnOfferItCannotServeWithTheReason() throws Exception {
        UdpEndpoint endpoint = UdpEndpoint.bind(vertx, StackSettings.defaults()).await(10, TimeUnit.SECONDS);
        try {
            SdpException e = assertThrows(SdpException.class, () -> PeerConnection.answer(endpoint, "v=0\r\nm=audio 9 RTP/AVP 0\r\n"));
            assertTrue(e.getMessage().length() > 10, e.getMessage());
            assertEquals(0, endpoint.metrics().peers());
        } finally {
            endpoint.close().await(10, TimeUnit.SECONDS);
        }
    }
}
