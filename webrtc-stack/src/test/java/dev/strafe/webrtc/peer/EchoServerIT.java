package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.dtls.DtlsCertificate;
import dev.strafe.webrtc.example.EchoServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client role against the echo server example over loopback UDP: both channel kinds, 256 KiB
 * messages, 10,000 messages, the sink, close and reconnect, fingerprint mismatch refused both ways, garbage
 * datagrams ignored. The Vert.x instance runs with a low {@code maxEventLoopExecuteTime} (200 ms; the default is 2 s) and the test
 * fails if any event loop was reported blocked (the DTLS handshake runs on virtual threads).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServerIT {

    static final int HTTP_PORT = 18191;
    static final String BASE = "http://127.0.0.1:" + HTTP_PORT;
    static Vertx serverVertx;
    static Vertx clientVertx;
    static EchoServer server;
    static final BlockedThreadCheck BLOCKED = new BlockedThreadCheck();

    @BeforeAll
    static void start() throws Exception {
        BLOCKED.install();
        serverVertx = Vertx.vertx(BlockedThreadCheck.strict(new VertxOptions().setPreferNativeTransport(true)));
        clientVertx = Vertx.vertx(BlockedThreadCheck.strict(new VertxOptions()));
        StackSettings settings = StackSettings.builder().bindHost("127.0.0.1").sockets(2).build();
        server = EchoServer.start(serverVertx, settings, HTTP_PORT).await(20, TimeUnit.SECONDS);
        try (EchoClient warmUp = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("echo")))) {
            warmUp.onLoop(() -> warmUp.channels.get("echo").send("warm-up"));
            warmUp.next("echo", 5000);
        }
        BLOCKED.arm();
    }

    @AfterAll
    static void stop() throws Exception {
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
        if (serverVertx != null) {
            serverVertx.close().await(10, TimeUnit.SECONDS);
        }
        BLOCKED.assertNoneBlocked();
    }

    @Test
    void bindsOneSocketPerEventLoopOnOnePort() {
        UdpEndpoint e = server.endpoint();
        assertTrue(e.localPort() > 0);
        assertEquals(e.nativeTransport() ? 2 : 1, e.socketCount(), "sockets sharing the port");
    }

    @Test
    void echoesStringAndBinaryOnReliableAndUnreliableChannels() throws Exception {
        try (EchoClient c = EchoClient.connect(clientVertx, BASE,
                List.of(EchoClient.reliable("tx"), EchoClient.unreliable("pos")))) {
            for (String label : List.of("tx", "pos")) {
                DataChannel ch = c.channels.get(label);
                c.onLoop(() -> ch.send("hello " + label));
                assertEquals("hello " + label, c.next(label, 5000));
                c.onLoop(() -> ch.send(new byte[] {1, 2, 3}));
                assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) c.next(label, 5000));
            }
            assertEquals(PeerConnection.State.CONNECTED, c.pc.connectionState());
        }
    }

    @Test
    void echoes256KiBMessagesOnReliableChannel() throws Exception {
        try (EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("tx")))) {
            byte[] big = new byte[256 * 1024];
            new Random(7).nextBytes(big);
            for (int i = 0; i < 3; i++) {
                c.onLoop(() -> c.channels.get("tx").send(big));
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(big, (byte[]) c.next("tx", 15000), "256 KiB echo #" + i);
            }
        }
    }

    @Test
    void delivers10000MessagesInOrderOnReliableChannel() throws Exception {
        int n = 10_000;
        try (EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("tx")))) {
            DataChannel ch = c.channels.get("tx");
            AtomicInteger sent = new AtomicInteger();
            // send in bursts from the peer's loop, respecting bufferedAmount
            while (sent.get() < n) {
                c.onLoop(() -> {
                    while (sent.get() < n && ch.bufferedAmount() < 512 * 1024) {
                        ch.send(ByteBuffer.allocate(64).putInt(0, sent.getAndIncrement()).array());
                    }
                });
                Thread.onSpinWait();
            }
            for (int i = 0; i < n; i++) {
                byte[] m = (byte[]) c.next("tx", 10000);
                assertEquals(i, ByteBuffer.wrap(m).getInt(0), "message order");
            }
        }
    }

    @Test
    void sinkCountsBinaryBytesAndAnswersDone() throws Exception {
        try (EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("sink")))) {
            DataChannel ch = c.channels.get("sink");
            c.onLoop(() -> {
                for (int i = 0; i < 100; i++) {
                    ch.send(new byte[1000 + i]);
                }
                ch.send("done");
            });
            assertEquals(Long.toString(100 * 1000 + 99 * 100 / 2), c.next("sink", 10000));
            c.onLoop(() -> {
                ch.send(new byte[5]);
                ch.send("done");
            });
            assertEquals("5", c.next("sink", 5000), "count resets after done");
        }
    }

    @Test
    void closeRemovesThePeerAndReconnectWorks() throws Exception {
        for (int round = 0; round < 3; round++) {
            EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("echo")));
            c.onLoop(() -> c.channels.get("echo").send("round"));
            assertEquals("round", c.next("echo", 5000));
            c.close();
            awaitPeers(0);
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void keepsTheAssociationWhenTheClientAddressChanges() throws Exception {
        int udpPort = server.endpoint().localPort();
        try (LossyUdpRelay relay = new LossyUdpRelay(new java.net.InetSocketAddress("127.0.0.1", udpPort), 1, 0, 0, d -> false, d -> false);
             EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("tx")), UnaryOperator.identity(),
                 answer -> answer.replace(" " + udpPort + " typ host", " " + relay.port() + " typ host"))) {
            c.onLoop(() -> c.channels.get("tx").send("before"));
            assertEquals("before", c.next("tx", 5000));
            long handshakes = server.endpoint().metrics().handshakesOk();
            relay.rebind(); // the server now sees the client at a new address (NAT rebinding)
            c.onLoop(() -> c.channels.get("tx").send("after"));
            // SCTP retransmits until the next consent check (nominated, from the new address) switches the path
            assertEquals("after", c.next("tx", 20000));
            assertEquals(handshakes, server.endpoint().metrics().handshakesOk(), "same DTLS session and association");
            assertEquals(PeerConnection.State.CONNECTED, c.pc.connectionState());
        }
    }

    @Test
    void connectsManyPeersConcurrentlyAcrossBothSockets() throws Exception {
        int n = 24;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                results.add(pool.submit(() -> {
                    try (EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("echo")))) {
                        c.onLoop(() -> c.channels.get("echo").send("peer " + id));
                        return (String) c.next("echo", 10000);
                    }
                }));
            }
            for (int i = 0; i < n; i++) {
                assertEquals("peer " + i, results.get(i).get(40, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        awaitPeers(0);
    }

    @Test
    void becomesDtlsClientWhenTheOfferSaysSetupPassive() throws Exception {
        // the client offers passive: the server answers active and starts the DTLS handshake after nomination
        UnaryOperator<String> passive = offer -> offer.replace("a=setup:active", "a=setup:passive");
        try (EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("tx"), EchoClient.unreliable("pos")),
                passive, answer -> {
                    assertTrue(answer.contains("a=setup:active"), answer);
                    return answer;
                })) {
            for (String label : List.of("tx", "pos")) {
                c.onLoop(() -> c.channels.get(label).send("via " + label));
                assertEquals("via " + label, c.next(label, 5000));
            }
            // our client is the DTLS server now: RFC 8832 odd stream ids for the channels it opens
            assertEquals(1, c.channels.get("tx").id() % 2);
        }
    }

    @Test
    void refusesServerCertificateThatDoesNotMatchTheAnswerFingerprint() throws Exception {
        String other = DtlsCertificate.generate().sdpFingerprint();
        UnaryOperator<String> swap = answer -> answer.replaceAll("a=fingerprint:sha-256 [0-9A-F:]+", "a=fingerprint:sha-256 " + other);
        long failedBefore = server.endpoint().metrics().handshakesFailed();
        Exception e = assertThrows(Exception.class, () ->
            EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("echo")), UnaryOperator.identity(), swap));
        assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("fingerprint")
            || String.valueOf(e.getCause()).toLowerCase().contains("fingerprint"), String.valueOf(e));
        awaitPeers(0);
        assertTrue(server.endpoint().metrics().handshakesFailed() >= failedBefore);
    }

    @Test
    void refusesClientCertificateThatDoesNotMatchTheOfferFingerprint() throws Exception {
        String other = DtlsCertificate.generate().sdpFingerprint();
        UnaryOperator<String> swap = offer -> offer.replaceAll("a=fingerprint:sha-256 [0-9A-F:]+", "a=fingerprint:sha-256 " + other);
        long failedBefore = server.endpoint().metrics().handshakesFailed();
        assertThrows(Exception.class, () ->
            EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("echo")), swap, UnaryOperator.identity()));
        awaitPeers(0);
        assertTrue(server.endpoint().metrics().handshakesFailed() > failedBefore, "server counted the failed handshake");
    }

    @Test
    void ignoresGarbageDatagramsWithoutReplyOrState() throws Exception {
        try (EchoClient c = EchoClient.connect(clientVertx, BASE, List.of(EchoClient.reliable("tx")));
             DatagramSocket junk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            EndpointMetrics before = server.endpoint().metrics();
            junk.setSoTimeout(300);
            Random random = new Random(42);
            int port = server.endpoint().localPort();
            for (int i = 0; i < 200; i++) {
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                if (i % 3 == 0) {
                    b[0] = 0; // looks like STUN
                } else if (i % 3 == 1) {
                    b[0] = 22; // looks like a DTLS handshake
                }
                junk.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            }
            byte[] buf = new byte[1500];
            assertThrows(SocketTimeoutException.class, () -> junk.receive(new DatagramPacket(buf, buf.length)),
                "no reply to garbage");
            EndpointMetrics after = server.endpoint().metrics();
            long dropped = (after.invalidDatagrams() - before.invalidDatagrams())
                + (after.droppedUnknownPeer() - before.droppedUnknownPeer());
            assertEquals(200, dropped, "every garbage datagram counted as dropped: " + after.toJson());
            assertEquals(before.peers(), after.peers(), "no state created");
            c.onLoop(() -> c.channels.get("tx").send("still alive"));
            assertEquals("still alive", c.next("tx", 5000));
        }
    }

    static void awaitPeers(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.endpoint().metrics().peers() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("peers: " + server.endpoint().metrics().toJson() + " (expected: " + expected + ")");
            }
            Thread.sleep(20);
        }
    }
}
