package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.dtls.DatagramBridge.Direction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DtlsSessionTest {

    static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    /**
     * Fast retransmission so that loss tests take milliseconds. The handshake timeout is only a backstop
     * against hangs here: the first handshake in a fresh JVM on a loaded CI machine (class loading, JIT,
     * crypto initialisation) has been seen to take seconds.
     */
    static final DtlsSettings FAST = DtlsSettings.DEFAULT.withInitialResendMillis(40).withHandshakeTimeoutMillis(20_000);

    private DatagramBridge bridge;

    private DatagramBridge bridge(DtlsSettings settings, byte[] serverExpects, byte[] clientExpects) {
        bridge = new DatagramBridge(new DtlsEngine(SERVER_CERT, settings), serverExpects,
                new DtlsEngine(CLIENT_CERT, settings), clientExpects);
        return bridge;
    }

    private DatagramBridge bridge(DtlsSettings settings) {
        return bridge(settings, CLIENT_CERT.sha256Fingerprint(), SERVER_CERT.sha256Fingerprint());
    }

    @AfterEach
    void tearDown() {
        if (bridge != null) {
            bridge.assertOwnerThreadOnlyAndClose();
        }
    }

    static void await(java.util.concurrent.CompletableFuture<?> f) throws Exception {
        f.get(30, TimeUnit.SECONDS); // > FAST's handshake timeout: a stuck handshake reports its own reason
    }

    @Test
    void handshakeSucceedsAndCarriesApplicationDataBothWays() throws Exception {
        DatagramBridge b = bridge(FAST);
        b.start();
        await(b.server.connected);
        await(b.client.connected);
        byte[] up = "INIT from client".getBytes(StandardCharsets.UTF_8);
        byte[] down = new byte[1163];
        new Random(1).nextBytes(down);
        b.run(() -> {
            assertEquals(DtlsSession.State.CONNECTED, b.server.session.state());
            assertEquals(1163, b.server.session.sendLimit());
            assertTrue(b.client.session.send(up, 0, up.length));
            assertTrue(b.server.session.send(down, 0, down.length));
        });
        b.run(() -> { });
        b.run(() -> { });
        assertArrayEquals(up, b.server.received.getFirst());
        assertArrayEquals(down, b.client.received.getFirst());
        b.run(() -> {
            // one HelloVerifyRequest per cookie-less ClientHello that reached the server before the cookie
            // exchange ended: a loaded machine may let the 40 ms resend timer repeat the first ClientHello
            long cookieless = b.client.sentBytes.stream().filter(d -> cookieLength(d) == 0).count();
            long hvr = b.server.session.helloVerifyRequests();
            assertTrue(hvr >= 1 && hvr <= cookieless, "cookie exchange: " + hvr + " HelloVerifyRequests for "
                    + cookieless + " cookie-less ClientHellos");
            assertEquals(0, b.server.session.invalidDatagrams());
            assertTrue(b.server.session.handshakeNanos() > 0);
            assertTrue(b.client.sentBytes.stream().allMatch(d -> d.length <= 1200), "MTU respected");
            assertTrue(b.server.sentBytes.stream().allMatch(d -> d.length <= 1200), "MTU respected");
        });
    }

    @Test
    void refusesRecordsLargerThanTheSendLimit() throws Exception {
        DatagramBridge b = bridge(FAST);
        b.start();
        await(b.client.connected);
        b.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.client.session.send(new byte[1164], 0, 1164));
            assertEquals("record length: 1164 (expected: <= 1163)", e.getMessage());
        });
    }

    @Test
    void sendBeforeHandshakeReturnsFalse() {
        DatagramBridge b = bridge(FAST);
        b.run(() -> assertFalse(b.client.session.send(new byte[1], 0, 1)));
    }

    @Test
    void serverRefusesClientCertificateThatDoesNotMatchTheSdpFingerprint() throws Exception {
        byte[] wrong = SERVER_CERT.sha256Fingerprint(); // not the client's
        DatagramBridge b = bridge(FAST, wrong, SERVER_CERT.sha256Fingerprint());
        b.start();
        DtlsClosed server = b.server.closed.get(30, TimeUnit.SECONDS);
        assertEquals(DtlsCloseReason.FINGERPRINT_MISMATCH, server.reason());
        assertTrue(server.detail().contains("certificate sha-256 " + CLIENT_CERT.sdpFingerprint()), server.detail());
        DtlsClosed client = b.client.closed.get(30, TimeUnit.SECONDS);
        assertEquals(DtlsCloseReason.ALERT_RECEIVED, client.reason());
        assertFalse(b.client.connected.isDone() && !b.client.connected.isCompletedExceptionally());
    }

    @Test
    void clientRefusesServerCertificateThatDoesNotMatchTheSdpFingerprint() throws Exception {
        DatagramBridge b = bridge(FAST, CLIENT_CERT.sha256Fingerprint(), CLIENT_CERT.sha256Fingerprint());
        b.start();
        DtlsClosed client = b.client.closed.get(30, TimeUnit.SECONDS);
        assertEquals(DtlsCloseReason.FINGERPRINT_MISMATCH, client.reason());
        DtlsClosed server = b.server.closed.get(30, TimeUnit.SECONDS);
        assertEquals(DtlsCloseReason.ALERT_RECEIVED, server.reason());
        assertTrue(b.server.connected.isCompletedExceptionally());
    }

    /**
     * The lost datagram is chosen by content, not by its index in the direction: under load the 40 ms resend
     * timer may repeat a flight before the answer arrives and shift the indices. Bouncy Castle sends one
     * handshake message per datagram, so losing its first message's datagram loses (part of) a flight.
     */
    static Stream<Arguments> lostFlights() {
        return Stream.of(
                Arguments.of("first ClientHello", Direction.CLIENT_TO_SERVER,
                        (java.util.function.Predicate<byte[]>) d -> cookieLength(d) == 0),
                Arguments.of("HelloVerifyRequest", Direction.SERVER_TO_CLIENT,
                        (java.util.function.Predicate<byte[]>) d -> handshakeType(d) == 3),
                Arguments.of("ClientHello with cookie", Direction.CLIENT_TO_SERVER,
                        (java.util.function.Predicate<byte[]>) d -> cookieLength(d) > 0),
                Arguments.of("server flight (ServerHello...ServerHelloDone)", Direction.SERVER_TO_CLIENT,
                        (java.util.function.Predicate<byte[]>) d -> handshakeType(d) == 2),
                Arguments.of("client final flight (Certificate...Finished)", Direction.CLIENT_TO_SERVER,
                        (java.util.function.Predicate<byte[]>) d -> handshakeType(d) == 11),
                // regression: the ChangeCipherSpec after a lost CertificateVerify made the server stall to its timeout
                Arguments.of("client CertificateVerify", Direction.CLIENT_TO_SERVER,
                        (java.util.function.Predicate<byte[]>) d -> handshakeType(d) == 15),
                Arguments.of("server final flight (ChangeCipherSpec, Finished)", Direction.SERVER_TO_CLIENT,
                        (java.util.function.Predicate<byte[]>) d -> d[0] == 20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lostFlights")
    void handshakeCompletesWhenAFlightIsLost(String name, Direction direction, java.util.function.Predicate<byte[]> lost)
            throws Exception {
        DatagramBridge b = bridge(FAST);
        java.util.concurrent.atomic.AtomicBoolean dropped = new java.util.concurrent.atomic.AtomicBoolean();
        b.transform = (d, i, bytes) -> d == direction && lost.test(bytes) && dropped.compareAndSet(false, true) ? null : bytes;
        b.start();
        await(b.server.connected);
        await(b.client.connected);
        assertTrue(dropped.get(), "a " + name + " datagram was lost");
        assertDataFlows(b);
    }

    /**
     * Seeded loss decided per (direction, index) so that a seed drops the same datagrams whatever the thread
     * timing. Bouncy Castle sends one handshake message per datagram (the client's final flight is five
     * datagrams) and backs off exponentially, so heavy loss makes a handshake slow: 10 % keeps this fast.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void handshakeCompletesWithTenPercentSeededLoss(long seed) throws Exception {
        DatagramBridge b = bridge(FAST);
        b.drop = (d, i) -> new Random(seed * 1_000_003L + d.ordinal() * 10_007L + i).nextInt(100) < 10;
        b.start();
        await(b.server.connected);
        await(b.client.connected);
        b.drop = (d, i) -> false;
        assertDataFlows(b);
    }

    @Test
    void ignoresAndCountsGarbageBeforeAndAfterTheHandshake() throws Exception {
        DatagramBridge b = bridge(FAST);
        byte[] random = new byte[300];
        new Random(9).nextBytes(random);
        byte[] fakeRecord = new byte[13 + 40];
        fakeRecord[0] = 23;
        fakeRecord[1] = (byte) 0xFE;
        fakeRecord[2] = (byte) 0xFD;
        fakeRecord[4] = 1; // epoch 1
        fakeRecord[12] = 40;
        b.run(() -> b.server.session.handleDatagram(random, 0, random.length));
        b.start();
        await(b.server.connected);
        await(b.client.connected);
        b.run(() -> {
            // a client flight 5 retransmitted after the server completed (slow machine) already counted its
            // epoch-0 ChangeCipherSpec here: count from now on
            long unauthenticated = b.server.session.unauthenticatedRecords();
            b.server.session.handleDatagram(random, 0, random.length);
            b.server.session.handleDatagram(new byte[0], 0, 0);
            b.server.session.handleDatagram(fakeRecord, 0, fakeRecord.length);
            assertEquals(3, b.server.session.invalidDatagrams());
            assertEquals(unauthenticated + 1, b.server.session.unauthenticatedRecords());
            assertEquals(DtlsSession.State.CONNECTED, b.server.session.state());
        });
        assertDataFlows(b);
    }

    @Test
    void serverWithoutClientHelloTimesOutWhenTheOwnerCallsOnTimeout() throws Exception {
        DatagramBridge b = bridge(FAST.withHandshakeTimeoutMillis(150));
        b.run(() -> {
            DtlsSession server = b.server.session;
            assertEquals(Long.MAX_VALUE, server.handshakeDeadlineNanos());
            server.start();
            long deadline = server.handshakeDeadlineNanos();
            server.onTimeout(deadline - 1);
            assertEquals(DtlsSession.State.HANDSHAKING, server.state());
            server.onTimeout(deadline);
            assertEquals(DtlsSession.State.CLOSED, server.state());
            assertEquals(Long.MAX_VALUE, server.handshakeDeadlineNanos());
        });
        DtlsClosed closed = b.server.closed.get(30, TimeUnit.SECONDS);
        assertEquals(DtlsCloseReason.HANDSHAKE_TIMEOUT, closed.reason());
    }

    /**
     * The client resends the same ClientHello (new record sequence number, same message) while nothing comes
     * back, and the server answers each one with a HelloVerifyRequest without creating state. The handshake
     * timeout is far beyond the ~280 ms three resends take at a 40 ms initial timeout, so Bouncy Castle's
     * backstop cannot end the handshake first however slow the machine; the owner's timeout ends it.
     */
    @Test
    void clientRetransmitsItsClientHelloWhileEveryServerDatagramIsLost() throws Exception {
        DatagramBridge b = bridge(FAST.withHandshakeTimeoutMillis(60_000));
        b.drop = (d, i) -> d == Direction.SERVER_TO_CLIENT;
        b.start();
        eventually(b, () -> b.server.session.helloVerifyRequests() >= 3, "three ClientHellos answered");
        b.run(() -> {
            List<byte[]> hellos = b.client.sentBytes;
            assertTrue(hellos.size() >= 3, "ClientHellos sent: " + hellos.size());
            for (int i = 0; i < hellos.size(); i++) {
                byte[] d = hellos.get(i);
                assertEquals(0, cookieLength(d), "datagram " + i + ": a ClientHello without cookie");
                assertEquals(i, recordSequenceNumber(d), "datagram " + i + ": record sequence number");
                assertArrayEquals(java.util.Arrays.copyOfRange(hellos.getFirst(), 13, hellos.getFirst().length),
                        java.util.Arrays.copyOfRange(d, 13, d.length), "datagram " + i + ": the same ClientHello");
            }
            assertEquals(DtlsSession.State.HANDSHAKING, b.client.session.state());
            assertEquals(DtlsSession.State.HANDSHAKING, b.server.session.state());
            b.client.session.onTimeout(b.client.session.handshakeDeadlineNanos());
            b.server.session.onTimeout(b.server.session.handshakeDeadlineNanos());
        });
        assertEquals(DtlsCloseReason.HANDSHAKE_TIMEOUT, b.client.closed.get(30, TimeUnit.SECONDS).reason());
        assertEquals(DtlsCloseReason.HANDSHAKE_TIMEOUT, b.server.closed.get(30, TimeUnit.SECONDS).reason());
    }

    /**
     * Bouncy Castle's own handshake timeout (the backstop inside the handshake thread) closes the client without
     * the owner calling {@code onTimeout}. How many ClientHellos fit in 300 ms depends on the machine's load
     * (see the test above for retransmission), so this only relates the two sides.
     */
    @Test
    void clientHandshakeTimesOutWhenEveryServerDatagramIsLost() throws Exception {
        DatagramBridge b = bridge(FAST.withHandshakeTimeoutMillis(300));
        b.drop = (d, i) -> d == Direction.SERVER_TO_CLIENT;
        long started = System.nanoTime();
        b.start();
        assertEquals(DtlsCloseReason.HANDSHAKE_TIMEOUT, b.client.closed.get(30, TimeUnit.SECONDS).reason());
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(elapsedMillis >= 150, "gave up after " + elapsedMillis + " ms (timeout: 300 ms)");
        b.run(() -> {
            assertTrue(b.client.sent >= 1, "ClientHellos sent: " + b.client.sent);
            // every ClientHello the client sent was delivered (and handled) before this task
            assertEquals(b.client.sent, b.server.session.helloVerifyRequests(), "one HelloVerifyRequest per ClientHello");
            assertEquals(DtlsSession.State.HANDSHAKING, b.server.session.state());
            b.server.session.onTimeout(b.server.session.handshakeDeadlineNanos());
        });
        assertEquals(DtlsCloseReason.HANDSHAKE_TIMEOUT, b.server.closed.get(30, TimeUnit.SECONDS).reason());
    }

    @Test
    void ownerTimeoutStopsARunningHandshakeThread() throws Exception {
        List<Thread> serverThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ThreadFactory virtual = Thread.ofVirtual().factory();
        DtlsEngine serverEngine = new DtlsEngine(SERVER_CERT, FAST, r -> {
            Thread t = virtual.newThread(r);
            serverThreads.add(t);
            return t;
        });
        bridge = new DatagramBridge(serverEngine, CLIENT_CERT.sha256Fingerprint(),
                new DtlsEngine(CLIENT_CERT, FAST), SERVER_CERT.sha256Fingerprint());
        DatagramBridge b = bridge;
        b.drop = (d, i) -> d == Direction.SERVER_TO_CLIENT && i > 0; // cookie exchange only
        java.util.concurrent.CompletableFuture<Void> cookieHello = new java.util.concurrent.CompletableFuture<>();
        b.transform = (d, i, bytes) -> {
            if (d == Direction.CLIENT_TO_SERVER && cookieLength(bytes) > 0) { // not "index 1": the first
                cookieHello.complete(null);                                    // ClientHello may be resent
            }
            return bytes;
        };
        b.start();
        await(cookieHello);
        // the transform runs on the loop just before the datagram is queued there: once a first task has run
        // the datagram is queued, so a second one runs after it has been handled
        b.run(() -> { });
        b.run(() -> { });
        assertEquals(1, serverThreads.size(), "the ClientHello with the cookie started the handshake thread");
        b.run(() -> b.server.session.onTimeout(b.server.session.handshakeDeadlineNanos()));
        assertEquals(DtlsCloseReason.HANDSHAKE_TIMEOUT, b.server.closed.get(30, TimeUnit.SECONDS).reason());
        serverThreads.getFirst().join(java.time.Duration.ofSeconds(30));
        assertFalse(serverThreads.getFirst().isAlive(), "handshake thread still running after the owner's timeout");
        b.run(() -> b.client.session.close());
    }

    @Test
    void closeSendsCloseNotifyAndThePeerReportsIt() throws Exception {
        DatagramBridge b = bridge(FAST);
        b.start();
        await(b.server.connected);
        await(b.client.connected);
        b.run(() -> b.client.session.close());
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, b.client.closed.get(30, TimeUnit.SECONDS).reason());
        assertEquals(DtlsCloseReason.PEER_CLOSE_NOTIFY, b.server.closed.get(30, TimeUnit.SECONDS).reason());
        b.run(() -> {
            assertEquals(DtlsSession.State.CLOSED, b.server.session.state());
            assertFalse(b.server.session.send(new byte[1], 0, 1));
        });
    }

    @Test
    void closeDuringTheHandshakeStopsIt() throws Exception {
        DatagramBridge b = bridge(FAST);
        b.drop = (d, i) -> true;
        b.start();
        b.run(() -> {
            b.server.session.close();
            b.client.session.close();
        });
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, b.server.closed.get(30, TimeUnit.SECONDS).reason());
        assertEquals(DtlsCloseReason.LOCAL_CLOSE, b.client.closed.get(30, TimeUnit.SECONDS).reason());
    }

    @Test
    void serverIgnoresUseSrtpOfferedByBrowserLikeClients() throws Exception {
        DtlsEngine clientEngine = new DtlsEngine(CLIENT_CERT, FAST);
        clientEngine.offerUseSrtp = true;
        bridge = new DatagramBridge(new DtlsEngine(SERVER_CERT, FAST), CLIENT_CERT.sha256Fingerprint(),
                clientEngine, SERVER_CERT.sha256Fingerprint());
        bridge.start();
        await(bridge.server.connected);
        await(bridge.client.connected);
        assertDataFlows(bridge);
    }

    /**
     * Chromium's ClientHello with an X25519MLKEM768 key share does not fit one record; Bouncy Castle's
     * cookie verifier cannot read a fragmented one, so the server must go on without a cookie.
     */
    @Test
    void serverAcceptsAFragmentedClientHelloWithoutCookie() throws Exception {
        DatagramBridge b = bridge(FAST);
        b.transform = (d, i, bytes) -> d == Direction.CLIENT_TO_SERVER && i == 0 ? splitHandshakeMessage(bytes) : bytes;
        b.start();
        await(b.server.connected);
        await(b.client.connected);
        b.run(() -> {
            assertEquals(1, b.server.session.cookieBypasses());
            assertEquals(0, b.server.session.helloVerifyRequests());
        });
        assertDataFlows(b);
    }

    /** Rewrites a one-record, one-message handshake datagram into one record holding two fragments of it. */
    static byte[] splitHandshakeMessage(byte[] datagram) {
        int h = 13;
        assertEquals(22, datagram[0]);
        assertEquals(1, datagram[h], "ClientHello");
        int length = (datagram[h + 1] & 0xFF) << 16 | (datagram[h + 2] & 0xFF) << 8 | (datagram[h + 3] & 0xFF);
        assertEquals(datagram.length, h + 12 + length, "one unfragmented ClientHello");
        int first = length / 2;
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(datagram.length + 12);
        out.put(datagram, 0, h);
        out.put(fragmentHeader(datagram, h, length, 0, first));
        out.put(datagram, h + 12, first);
        out.put(fragmentHeader(datagram, h, length, first, length - first));
        out.put(datagram, h + 12 + first, length - first);
        byte[] result = out.array();
        int recordLength = result.length - h;
        result[11] = (byte) (recordLength >> 8);
        result[12] = (byte) recordLength;
        assertTrue(DtlsRecords.isFragmentedClientHello(result, 0, result.length));
        return result;
    }

    private static byte[] fragmentHeader(byte[] d, int h, int length, int offset, int fragmentLength) {
        byte[] header = java.util.Arrays.copyOfRange(d, h, h + 12); // type, length, message_seq
        header[6] = (byte) (offset >> 16);
        header[7] = (byte) (offset >> 8);
        header[8] = (byte) offset;
        header[9] = (byte) (fragmentLength >> 16);
        header[10] = (byte) (fragmentLength >> 8);
        header[11] = (byte) fragmentLength;
        return header;
    }

    /**
     * Our P-256 ECDHE (Bouncy Castle's secp256r1 arithmetic) against the JDK's ECDH (Bouncy Castle's stock
     * JcaTlsCrypto), both roles, when P-256 is the only group offered (as libdatachannel's client does).
     */
    @Test
    void interoperatesWithStockJcaCryptoOverP256() throws Exception {
        int[] p256 = {org.bouncycastle.tls.NamedGroup.secp256r1};
        DtlsEngine stock = new DtlsEngine(CLIENT_CERT, FAST, Thread.ofVirtual().factory(),
                new org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider().create(new java.security.SecureRandom()));
        stock.groups = p256;
        DtlsEngine ours = new DtlsEngine(SERVER_CERT, FAST);
        ours.groups = p256;
        bridge = new DatagramBridge(ours, CLIENT_CERT.sha256Fingerprint(), stock, SERVER_CERT.sha256Fingerprint());
        bridge.start();
        await(bridge.server.connected);
        await(bridge.client.connected);
        assertDataFlows(bridge);
        bridge.close();
        bridge = new DatagramBridge(stock, SERVER_CERT.sha256Fingerprint(), ours, CLIENT_CERT.sha256Fingerprint());
        bridge.start();
        await(bridge.server.connected);
        await(bridge.client.connected);
        assertDataFlows(bridge);
    }

    /**
     * The server's group list decides, in its order: a client listing P-256 before X25519 gets X25519 (Bouncy
     * Castle's DTLS 1.2 server alone would take the client's first group), and a client offering only P-384 is
     * refused instead of costing the server a P-384 key exchange.
     */
    @Test
    void serverChoosesTheKeyExchangeGroupFromItsOwnAllowList() throws Exception {
        DtlsEngine client = new DtlsEngine(CLIENT_CERT, FAST);
        client.groups = new int[] {org.bouncycastle.tls.NamedGroup.secp256r1, org.bouncycastle.tls.NamedGroup.x25519};
        bridge = new DatagramBridge(new DtlsEngine(SERVER_CERT, FAST), CLIENT_CERT.sha256Fingerprint(),
                client, SERVER_CERT.sha256Fingerprint());
        bridge.start();
        await(bridge.server.connected);
        await(bridge.client.connected);
        assertEquals(org.bouncycastle.tls.NamedGroup.x25519, bridge.server.session.keyExchangeGroup());
        bridge.close();

        client.groups = new int[] {org.bouncycastle.tls.NamedGroup.secp384r1};
        bridge = new DatagramBridge(new DtlsEngine(SERVER_CERT, FAST), CLIENT_CERT.sha256Fingerprint(),
                client, SERVER_CERT.sha256Fingerprint());
        bridge.start();
        DtlsClosed closed = bridge.server.closed.get(30, TimeUnit.SECONDS);
        assertFalse(closed.orderly(), closed.toString());
        assertTrue(!bridge.server.connected.isDone() || bridge.server.connected.isCompletedExceptionally(),
                "no connection on a group outside the list");
    }

    /** Our RFC 7748 X25519 against the JDK's XDH (Bouncy Castle's stock JcaTlsCrypto) on the other side. */
    @Test
    void interoperatesWithStockJcaCryptoOverX25519() throws Exception {
        DtlsEngine stock = new DtlsEngine(CLIENT_CERT, FAST, Thread.ofVirtual().factory(),
                new org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider().create(new java.security.SecureRandom()));
        bridge = new DatagramBridge(new DtlsEngine(SERVER_CERT, FAST), CLIENT_CERT.sha256Fingerprint(),
                stock, SERVER_CERT.sha256Fingerprint());
        bridge.start();
        await(bridge.server.connected);
        await(bridge.client.connected);
        assertDataFlows(bridge);
        bridge.close();
        bridge = new DatagramBridge(stock, SERVER_CERT.sha256Fingerprint(), new DtlsEngine(SERVER_CERT, FAST),
                CLIENT_CERT.sha256Fingerprint());
        bridge.start();
        await(bridge.server.connected);
        await(bridge.client.connected);
        assertDataFlows(bridge);
    }

    @Test
    void deliversEveryRecordOfACoalescedDatagram() throws Exception {
        DatagramBridge b = bridge(FAST);
        b.start();
        await(b.server.connected);
        await(b.client.connected);
        b.drop = (d, i) -> d == Direction.CLIENT_TO_SERVER;
        b.run(() -> {
            // a client flight 5 retransmitted after the server completed (slow machine) may already have
            // counted its epoch-0 ChangeCipherSpec; the sends below are synchronous, nothing can slip in between
            long unauthenticated = b.server.session.unauthenticatedRecords();
            int first = b.client.sentBytes.size();
            b.client.session.send(new byte[] {1}, 0, 1);
            b.client.session.send(new byte[] {2, 2}, 0, 2);
            b.client.session.send(new byte[] {3, 3, 3}, 0, 3);
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            b.client.sentBytes.subList(first, first + 3).forEach(joined::writeBytes);
            byte[] datagram = joined.toByteArray();
            b.server.session.handleDatagram(datagram, 0, datagram.length);
            assertEquals(3, b.server.received.size());
            assertArrayEquals(new byte[] {3, 3, 3}, b.server.received.get(2));
            b.server.session.handleDatagram(datagram, 0, datagram.length); // replayed: dropped, counted
            assertEquals(3, b.server.received.size());
            assertEquals(unauthenticated + 3, b.server.session.unauthenticatedRecords());
        });
    }

    @Test
    void refusesFingerprintOfWrongLength() {
        DtlsEngine engine = new DtlsEngine(SERVER_CERT, FAST);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.newSession(
                DtlsRole.SERVER, new byte[20], new byte[0], Runnable::run, (x, y, z) -> { }, null));
        assertEquals("remoteSha256Fingerprint length: 20 (expected: 32)", e.getMessage());
    }

    private static void assertDataFlows(DatagramBridge b) {
        int before = b.server.received.size();
        int beforeClient = b.client.received.size();
        b.run(() -> {
            b.client.session.send(new byte[] {1, 2, 3}, 0, 3);
            b.server.session.send(new byte[] {4, 5}, 0, 2);
        });
        b.run(() -> { });
        b.run(() -> { });
        assertEquals(before + 1, b.server.received.size());
        assertEquals(beforeClient + 1, b.client.received.size());
        assertArrayEquals(new byte[] {1, 2, 3}, b.server.received.getLast());
    }

    /** Polls {@code condition} on the loop until it holds; fails after 30 s (a bound against hangs, not a timing). */
    static void eventually(DatagramBridge b, java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean[] holds = new boolean[1];
        while (true) {
            b.run(() -> holds[0] = condition.getAsBoolean());
            if (holds[0]) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Cookie length of a datagram holding one unfragmented ClientHello, -1 for any other datagram. */
    static int cookieLength(byte[] d) {
        int h = 13;
        if (d.length < h + 12 + 35 || d[0] != 22 || d[h] != 1) {
            return -1;
        }
        int sessionIdAt = h + 12 + 2 + 32;
        int cookieAt = sessionIdAt + 1 + (d[sessionIdAt] & 0xFF);
        return cookieAt < d.length ? d[cookieAt] & 0xFF : -1;
    }

    /** Handshake message type of a datagram's first record when it is an epoch-0 handshake record, else -1. */
    static int handshakeType(byte[] d) {
        return d.length > 13 && d[0] == 22 && d[3] == 0 && d[4] == 0 ? d[13] & 0xFF : -1;
    }

    /** 48-bit sequence number of a datagram's first record (RFC 6347 §4.1). */
    static long recordSequenceNumber(byte[] d) {
        long seq = 0;
        for (int i = 5; i < 11; i++) {
            seq = seq << 8 | (d[i] & 0xFF);
        }
        return seq;
    }

    static BiPredicate<Direction, Integer> none() {
        return (d, i) -> false;
    }

    static void unwrap(ExecutionException e) throws Exception {
        throw (Exception) e.getCause();
    }
}
