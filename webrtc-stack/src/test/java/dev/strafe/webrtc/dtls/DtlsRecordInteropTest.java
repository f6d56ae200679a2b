package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.dtls.DatagramBridge.Direction;
import dev.strafe.webrtc.dtls.DatagramBridge.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our record layer ({@link DtlsRecordProtection}) against Bouncy Castle's {@code DTLSTransport} on the other
 * side, in both roles and for each AEAD suite: what one seals the other must open, replays must be dropped,
 * tampering detected, close_notify understood.
 */
class DtlsRecordInteropTest {

    static final int RECORDS = 10_000;
    /** MTU 1250 so that 1,200-byte plaintexts fit with either suite (1250 - 13 - 24 = 1213 with AES-GCM). */
    static final DtlsSettings SETTINGS = DtlsSessionTest.FAST.withMtu(1_250);

    private DatagramBridge bridge;

    @AfterEach
    void tearDown() {
        if (bridge != null) {
            bridge.assertOwnerThreadOnlyAndClose();
        }
    }

    static Stream<Arguments> suitesAndRoles() {
        List<Arguments> rows = new ArrayList<>();
        Object[][] suites = {
            {"AES_128_GCM", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
            {"AES_256_GCM", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384},
            {"CHACHA20_POLY1305", CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256},
        };
        for (Object[] suite : suites) {
            rows.add(Arguments.of(suite[0], suite[1], "server"));
            rows.add(Arguments.of(suite[0], suite[1], "client"));
        }
        return rows.stream();
    }

    private DatagramBridge connect(int suite, boolean ownServer) throws Exception {
        DtlsEngine serverEngine = new DtlsEngine(DtlsSessionTest.SERVER_CERT, SETTINGS.withOwnRecordLayer(ownServer));
        DtlsEngine clientEngine = new DtlsEngine(DtlsSessionTest.CLIENT_CERT, SETTINGS.withOwnRecordLayer(!ownServer));
        serverEngine.cipherSuites = new int[] {suite};
        clientEngine.cipherSuites = new int[] {suite};
        bridge = new DatagramBridge(serverEngine, DtlsSessionTest.CLIENT_CERT.sha256Fingerprint(),
                clientEngine, DtlsSessionTest.SERVER_CERT.sha256Fingerprint());
        bridge.start();
        DtlsSessionTest.await(bridge.server.connected);
        DtlsSessionTest.await(bridge.client.connected);
        DatagramBridge b = bridge;
        b.run(() -> {
            Side own = ownServer ? b.server : b.client;
            Side stock = ownServer ? b.client : b.server;
            assertEquals(suite, own.session.recordLayerCipherSuite(), "our record layer protects the " + own.name);
            assertEquals(-1, stock.session.recordLayerCipherSuite(), "Bouncy Castle's protects the " + stock.name);
        });
        return b;
    }

    private static byte[] payload(Random random, int i) {
        byte[] p = new byte[1 + Math.floorMod(i * 7_919, 1_200)]; // every size 1..1200
        random.nextBytes(p);
        return p;
    }

    @ParameterizedTest(name = "{0}, ours: {2}")
    @MethodSource("suitesAndRoles")
    void carriesTenThousandRecordsOfEverySizeBothWays(String name, int suite, String ours) throws Exception {
        DatagramBridge b = connect(suite, ours.equals("server"));
        Random random = new Random(suite);
        List<byte[]> up = new ArrayList<>();
        List<byte[]> down = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            up.add(payload(random, i));
            down.add(payload(random, i + 1));
        }
        long[] before = new long[2];
        b.run(() -> {
            before[0] = b.server.session.unauthenticatedRecords();
            before[1] = b.client.session.unauthenticatedRecords();
        });
        for (int from = 0; from < RECORDS; from += 500) {
            int start = from;
            b.run(() -> {
                for (int i = start; i < start + 500; i++) {
                    assertTrue(b.client.session.send(up.get(i), 0, up.get(i).length));
                    assertTrue(b.server.session.send(down.get(i), 0, down.get(i).length));
                }
            });
        }
        b.run(() -> { }); // every delivery queued by the sends above has run
        assertReceived(up, b.server.received);
        assertReceived(down, b.client.received);
        b.run(() -> {
            assertEquals(before[0], b.server.session.unauthenticatedRecords());
            assertEquals(before[1], b.client.session.unauthenticatedRecords());
            assertTrue(b.client.sentBytes.stream().allMatch(d -> d.length <= SETTINGS.mtu()), "MTU respected");
            assertTrue(b.server.sentBytes.stream().allMatch(d -> d.length <= SETTINGS.mtu()), "MTU respected");
        });
    }

    private static void assertReceived(List<byte[]> expected, List<byte[]> received) {
        assertEquals(expected.size(), received.size(), "records delivered");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), received.get(i), "record " + i);
        }
    }

    /**
     * The receiving side gets its peer's records reordered, duplicated, replayed from beyond the window and
     * with a corrupted tag: each record is delivered exactly once, every extra copy and the forgery are
     * counted, and the untouched original of the forged record is still accepted afterwards (RFC 6347
     * §4.1.2.6: the window moves only for authenticated records).
     */
    @ParameterizedTest(name = "{0}, ours: {2}")
    @MethodSource("suitesAndRoles")
    void dropsReplayedReorderedDuplicatesExactlyOnceAndCountsForgeries(String name, int suite, String ours)
            throws Exception {
        DatagramBridge b = connect(suite, ours.equals("server"));
        for (Direction direction : Direction.values()) {
            Side sender = direction == Direction.CLIENT_TO_SERVER ? b.client : b.server;
            Side receiver = direction == Direction.CLIENT_TO_SERVER ? b.server : b.client;
            b.drop = (d, i) -> d == direction;
            b.run(() -> {
                int first = sender.sentBytes.size();
                int receivedBefore = receiver.received.size();
                long unauthenticated = receiver.session.unauthenticatedRecords();
                for (int i = 0; i < 100; i++) {
                    sender.session.send(new byte[] {(byte) i, 7}, 0, 2);
                }
                List<byte[]> sent = sender.sentBytes.subList(first, first + 100);
                int extra = 0;
                // pairs swapped, and each record of the pair delivered twice: 1 0 1 0, 3 2 3 2, ...
                for (int i = 0; i < 80; i += 2) {
                    for (int k = 0; k < 2; k++) {
                        feed(receiver, sent.get(i + 1));
                        feed(receiver, sent.get(i));
                    }
                    extra += 2;
                }
                // replays from beyond the 64-record window and from inside it
                feed(receiver, sent.get(0));
                feed(receiver, sent.get(70));
                extra += 2;
                // a corrupted tag, then the original
                byte[] forged = sent.get(80).clone();
                forged[forged.length - 1] ^= 1;
                feed(receiver, forged);
                extra += 1;
                for (int i = 80; i < 100; i++) {
                    feed(receiver, sent.get(i));
                }
                List<byte[]> got = receiver.received.subList(receivedBefore, receiver.received.size());
                assertEquals(100, got.size(), "each record delivered exactly once");
                boolean[] seen = new boolean[100];
                for (byte[] r : got) {
                    assertEquals(2, r.length);
                    assertTrue(!seen[r[0]], "record " + r[0] + " delivered twice");
                    seen[r[0]] = true;
                }
                assertEquals(unauthenticated + extra, receiver.session.unauthenticatedRecords(),
                        "duplicates, replays and the forgery are counted");
                assertEquals(DtlsSession.State.CONNECTED, receiver.session.state());
            });
        }
    }

    private static void feed(Side receiver, byte[] datagram) {
        receiver.session.handleDatagram(datagram, 0, datagram.length);
    }

    @ParameterizedTest(name = "{0}, ours: {2}")
    @MethodSource("suitesAndRoles")
    void closeNotifyIsUnderstoodBothWays(String name, int suite, String ours) throws Exception {
        DatagramBridge b = connect(suite, ours.equals("server"));
        b.run(() -> b.client.session.close());
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, b.client.closed.get(30, TimeUnit.SECONDS).reason());
        assertEquals(DtlsCloseReason.PEER_CLOSE_NOTIFY, b.server.closed.get(30, TimeUnit.SECONDS).reason());
        bridge.close();
        DatagramBridge c = connect(suite, ours.equals("server"));
        c.run(() -> c.server.session.close());
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, c.server.closed.get(30, TimeUnit.SECONDS).reason());
        assertEquals(DtlsCloseReason.PEER_CLOSE_NOTIFY, c.client.closed.get(30, TimeUnit.SECONDS).reason());
    }
}
