package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.dtls.DatagramBridge.Direction;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DtlsSession} with our record layer: hostile input after the handshake, and Bouncy Castle's retransmissions. */
class DtlsSessionRecordLayerTest {

    private DatagramBridge bridge;

    @AfterEach
    void tearDown() {
        if (bridge != null) {
            bridge.assertOwnerThreadOnlyAndClose();
        }
    }

    private DatagramBridge connected() throws Exception {
        bridge = new DatagramBridge(new DtlsEngine(DtlsSessionTest.SERVER_CERT, DtlsSessionTest.FAST),
                DtlsSessionTest.CLIENT_CERT.sha256Fingerprint(),
                new DtlsEngine(DtlsSessionTest.CLIENT_CERT, DtlsSessionTest.FAST),
                DtlsSessionTest.SERVER_CERT.sha256Fingerprint());
        bridge.start();
        DtlsSessionTest.await(bridge.server.connected);
        DtlsSessionTest.await(bridge.client.connected);
        return bridge;
    }

    /**
     * Random datagrams after the handshake, most of them well-formed sequences of record headers with random
     * bodies: nothing escapes, the session stays connected and delivers nothing, and every datagram or record
     * is counted — as an invalid datagram (the headers do not tile it), or per record as invalid (malformed,
     * unexpected type) or unauthenticated (forged, replayed, wrong epoch).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void fuzzedDatagramsAreCountedAndDroppedWithoutEscaping(long seed) throws Exception {
        DatagramBridge b = connected();
        b.run(() -> {
            DtlsSession s = b.server.session;
            Random random = new Random(seed);
            long invalidDatagrams = s.invalidDatagrams();
            long records = s.invalidRecords() + s.unauthenticatedRecords();
            int received = b.server.received.size();
            long expectedInvalidDatagrams = 0;
            long expectedRecords = 0;
            for (int i = 0; i < 5_000; i++) {
                byte[] d = randomDatagram(random);
                int count = DtlsRecords.count(d, 0, d.length);
                if (count < 0 || d.length > DtlsSettings.DEFAULT.maxDatagramSize()) {
                    expectedInvalidDatagrams++;
                } else {
                    expectedRecords += count;
                }
                s.handleDatagram(d, 0, d.length);
            }
            assertEquals(DtlsSession.State.CONNECTED, s.state());
            assertEquals(received, b.server.received.size(), "nothing delivered");
            assertEquals(invalidDatagrams + expectedInvalidDatagrams, s.invalidDatagrams());
            assertEquals(records + expectedRecords, s.invalidRecords() + s.unauthenticatedRecords());
            assertTrue(expectedRecords > 5_000, "mostly well-formed: " + expectedRecords + " records");
        });
        DtlsSessionTest.await(b.server.connected);
        b.run(() -> assertTrue(b.client.session.send(new byte[] {9}, 0, 1)));
        b.run(() -> { });
        assertArrayEquals(new byte[] {9}, b.server.received.getLast(), "still works after the fuzzing");
    }

    /**
     * Forged handshake and ChangeCipherSpec records after the handshake (they go to Bouncy Castle, which looks
     * for a retransmitted last flight in them): none escapes, the session stays connected and still works.
     */
    @Test
    void forgedHandshakeRecordsAfterTheHandshakeDoNotEndTheSession() throws Exception {
        DatagramBridge b = connected();
        b.run(() -> {
            DtlsSession s = b.server.session;
            Random random = new Random(11);
            for (int i = 0; i < 2_000; i++) {
                int length = random.nextInt(200);
                byte[] d = new byte[13 + length];
                random.nextBytes(d);
                d[0] = (byte) (random.nextBoolean() ? 22 : 20);
                d[1] = (byte) 0xFE;
                d[2] = (byte) 0xFD;
                d[3] = 0;
                d[4] = (byte) random.nextInt(2);
                d[11] = (byte) (length >> 8);
                d[12] = (byte) length;
                if (length >= 12 && random.nextBoolean()) { // one well-formed fragment of a client flight message
                    int[] types = {11, 16, 15, 20, 1};
                    int messageLength = length - 12 + random.nextInt(50);
                    int fragmentOffset = messageLength - (length - 12);
                    d[13] = (byte) types[random.nextInt(types.length)];
                    put24(d, 14, messageLength);
                    d[17] = 0;
                    d[18] = (byte) random.nextInt(8);
                    put24(d, 19, fragmentOffset);
                    put24(d, 22, length - 12);
                }
                s.handleDatagram(d, 0, d.length);
                assertEquals(DtlsSession.State.CONNECTED, s.state(), "after forged record " + i + " type " + d[0] + " epoch " + d[4] + " " + (b.server.closed.isDone() ? b.server.closed.join() : ""));
            }
        });
        b.run(() -> assertTrue(b.client.session.send(new byte[] {9}, 0, 1)));
        b.run(() -> { });
        assertArrayEquals(new byte[] {9}, b.server.received.getLast());
    }

    private static void put24(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 16);
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) v;
    }

    /**
     * Records of every content type except handshake/ChangeCipherSpec (those go to Bouncy Castle, which may
     * count them as accepted when it recognises a retransmission), epochs 0..2, lengths sometimes lying.
     */
    private static byte[] randomDatagram(Random random) {
        if (random.nextInt(10) == 0) {
            byte[] d = new byte[random.nextInt(1_600)];
            random.nextBytes(d);
            if (d.length > 0 && (d[0] & 0xFF) >= 20 && (d[0] & 0xFF) <= 25) {
                d[0] = 23; // keep handshake records out of the count
            }
            return d;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int records = 1 + random.nextInt(4);
        int[] types = {21, 23, 24, 25};
        for (int r = 0; r < records; r++) {
            int length = random.nextInt(10) == 0 ? random.nextInt(40) : random.nextInt(300);
            byte[] header = new byte[13];
            header[0] = (byte) types[random.nextInt(types.length)];
            header[1] = (byte) 0xFE;
            header[2] = (byte) (random.nextInt(5) == 0 ? 0xFF : 0xFD);
            header[4] = (byte) random.nextInt(3);
            for (int i = 5; i < 11; i++) {
                header[i] = (byte) random.nextInt(3);
            }
            int claimed = random.nextInt(20) == 0 ? length + random.nextInt(5) - 2 : length;
            header[11] = (byte) (Math.max(0, claimed) >> 8);
            header[12] = (byte) Math.max(0, claimed);
            byte[] body = new byte[length];
            random.nextBytes(body);
            out.writeBytes(header);
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /**
     * The server's last flight (ChangeCipherSpec, Finished) is lost and the server sends application data
     * before the client's retransmission arrives. Bouncy Castle then resends its Finished in epoch 1; our layer
     * re-seals it with a sequence number above the application data's, so the client's replay window accepts
     * it and no AEAD nonce is reused.
     */
    @Test
    void bouncyCastlesRetransmittedFinishedIsResealedAboveOurSequenceNumbers() throws Exception {
        bridge = new DatagramBridge(new DtlsEngine(DtlsSessionTest.SERVER_CERT, DtlsSessionTest.FAST),
                DtlsSessionTest.CLIENT_CERT.sha256Fingerprint(),
                new DtlsEngine(DtlsSessionTest.CLIENT_CERT, DtlsSessionTest.FAST),
                DtlsSessionTest.SERVER_CERT.sha256Fingerprint());
        DatagramBridge b = bridge;
        AtomicInteger serverFlights = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean holdClient = new java.util.concurrent.atomic.AtomicBoolean(true);
        b.transform = (d, i, bytes) -> {
            if (d == Direction.SERVER_TO_CLIENT && bytes[0] == 20 && serverFlights.getAndIncrement() == 0) {
                return null;
            }
            // the client's retransmissions wait until the server has sent application data
            return d == Direction.CLIENT_TO_SERVER && b.server.connected.isDone() && holdClient.get() ? null : bytes;
        };
        b.start();
        DtlsSessionTest.await(b.server.connected);
        b.run(() -> {
            for (int i = 0; i < 5; i++) {
                b.server.session.send(new byte[] {(byte) i}, 0, 1); // the client is not connected yet: lost
            }
            holdClient.set(false);
        });
        DtlsSessionTest.await(b.client.connected);
        assertTrue(serverFlights.get() >= 2, "the server's last flight was sent again");
        b.run(() -> {
            long highestAppSeq = -1;
            long finishedSeq = -1;
            for (byte[] d : b.server.sentBytes) {
                for (int at = 0; at + 13 <= d.length; at += DtlsRecords.recordLength(d, at)) {
                    long epochSeq = DtlsRecordProtection.getLong(d, at + 3);
                    if (epochSeq >>> 48 == 1 && d[at] == 23) {
                        highestAppSeq = Math.max(highestAppSeq, epochSeq & DtlsRecordProtection.MAX_SEQUENCE_NUMBER);
                    } else if (epochSeq >>> 48 == 1 && d[at] == 22) {
                        finishedSeq = epochSeq & DtlsRecordProtection.MAX_SEQUENCE_NUMBER;
                    }
                }
            }
            assertTrue(finishedSeq > highestAppSeq, "resealed Finished seq " + finishedSeq
                    + " above application data seq " + highestAppSeq);
            assertTrue(b.client.session.send(new byte[] {1, 2}, 0, 2));
            assertTrue(b.server.session.send(new byte[] {3}, 0, 1));
        });
        b.run(() -> { });
        assertArrayEquals(new byte[] {1, 2}, b.server.received.getLast());
        assertArrayEquals(new byte[] {3}, b.client.received.getLast());
    }
}
