package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ICE + DTLS handshakes through a simulated network (seeded loss, delay, lost flights) between the Java client
 * and a server endpoint. The answer's candidate is rewritten to the relay's port, so every datagram crosses
 * it. STUN checks retransmit on the ICE agent's timers; DTLS flights on Bouncy Castle's (1 s first RTO).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LossyHandshakeIT {

    /** Lost DTLS flights back off 1, 2, 4 s (Bouncy Castle): give lossy rows more than the default 10 s. */
    static final StackSettings SETTINGS = StackSettings.builder().handshakeTimeout(java.time.Duration.ofSeconds(25)).build();
    static Vertx vertx;
    static UdpEndpoint server;
    static final BlockedThreadCheck BLOCKED = new BlockedThreadCheck();

    @BeforeAll
    static void start() throws Exception {
        BLOCKED.install();
        vertx = Vertx.vertx(BlockedThreadCheck.strict(new VertxOptions().setPreferNativeTransport(true)));
        server = UdpEndpoint.bind(vertx, SETTINGS.toBuilder().sockets(2).build()).await(20, TimeUnit.SECONDS);
        new LossyHandshakeIT().connectThrough(0, 0, 0, d -> false, d -> false); // warm-up
        BLOCKED.arm();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        BLOCKED.assertNoneBlocked();
    }

    @ParameterizedTest(name = "seed {0}, loss {1}, delay {2} ms")
    @CsvSource({
        "1, 0.0,  0",
        "2, 0.0,  20",
        "3, 0.1,  5",
        "4, 0.2,  5",
        "5, 0.25, 2",
    })
    void connectsThroughLossAndDelay(long seed, double loss, long delayMs) throws Exception {
        connectThrough(seed, loss, delayMs, d -> false, d -> false);
    }

    @Test
    void connectsWhenTheFirstClientHelloFlightIsLost() throws Exception {
        connectThrough(10, 0, 0, LossyUdpRelay.dropFirst(1, 20, 63), d -> false);
    }

    @Test
    void connectsWhenTheServerFirstFlightIsLost() throws Exception {
        connectThrough(11, 0, 0, d -> false, LossyUdpRelay.dropFirst(2, 20, 63));
    }

    @Test
    void connectsWhenTheFirstChecksAreLost() throws Exception {
        connectThrough(12, 0, 0, LossyUdpRelay.dropFirst(2, 0, 3), LossyUdpRelay.dropFirst(1, 0, 3));
    }

    private void connectThrough(long seed, double loss, long delayMs, Predicate<byte[]> up, Predicate<byte[]> down)
            throws Exception {
        try (LossyUdpRelay relay = new LossyUdpRelay(new InetSocketAddress("127.0.0.1", server.localPort()),
                seed, loss, delayMs, up, down)) {
            PeerConnection client = PeerConnection.offer(vertx, SETTINGS).await(10, TimeUnit.SECONDS);
            PeerConnection answered = PeerConnection.answer(server, client.localDescription());
            String answer = answered.localDescription().replace(" " + server.localPort() + " typ host", " " + relay.port() + " typ host");
            long t0 = System.nanoTime();
            client.setRemoteDescription(answer).await(30, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(PeerConnection.State.CONNECTED, client.connectionState());
            awaitState(answered, PeerConnection.State.CONNECTED);
            System.out.printf("LossyHandshakeIT seed %d loss %.1f delay %d ms: connected in %d ms, relay dropped %d forwarded %d%n",
                seed, loss, delayMs, ms, relay.dropped.get(), relay.forwarded.get());
            client.close().await(10, TimeUnit.SECONDS);
            answered.close().await(10, TimeUnit.SECONDS);
            assertTrue(server.metrics().handshakesOk() > 0);
        }
    }

    static void awaitState(PeerConnection pc, PeerConnection.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pc.connectionState() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("state: " + pc.connectionState() + " (expected: " + state + ")");
            }
            Thread.sleep(10);
        }
    }
}
