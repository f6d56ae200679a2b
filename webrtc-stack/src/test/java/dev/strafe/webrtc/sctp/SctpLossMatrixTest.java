package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.Chunk;
import dev.strafe.webrtc.sctp.chunk.DataChunk;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.strafe.webrtc.sctp.SctpPair.MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The loss matrix of issue 3: loss {0, 1, 10, 30}% x message sizes {16 B, 1 KiB, 64 KiB, 256 KiB} x
 * channel types, on a seeded bridge with 20 ms one-way delay (+ up to 5 ms jitter when lossy), fake clock. Each cell also runs a
 * reliable ordered "witness" stream that must deliver everything while the cell's channel loses data.
 */
class SctpLossMatrixTest {
    enum Kind { RELIABLE_ORDERED, RELIABLE_UNORDERED, MAX_RETRANSMITS_0, LIFETIME_LIMITED }

    static final int STREAM = 1;
    static final int WITNESS = 2;
    static final long LIFETIME = 400 * MS;

    static Stream<Arguments> matrix() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int loss : new int[]{0, 1, 10, 30}) {
            for (int size : new int[]{16, 1024, 64 * 1024, 256 * 1024}) {
                for (Kind kind : Kind.values()) {
                    b.add(Arguments.of(loss, size, kind));
                }
            }
        }
        return b.build();
    }

    static int messageCount(int size) {
        return switch (size) {
            case 16 -> 200;
            case 1024 -> 100;
            case 64 * 1024 -> 8;
            default -> 3;
        };
    }

    static byte[] message(int index, int size) {
        byte[] m = new byte[size];
        for (int i = 0; i < size; i++) {
            m[i] = (byte) (index * 31 + i);
        }
        ByteBuffer.wrap(m).putInt(0, index);
        return m;
    }

    @ParameterizedTest(name = "loss {0}%, {1} B, {2}")
    @MethodSource("matrix")
    void deliversPerChannelContract(int lossPercent, int size, Kind kind) {
        SctpPair p = new SctpPair(1000L * lossPercent + size + kind.ordinal());
        // jitter (reordering) only on lossy cells: at 0% loss every message of every kind must arrive
        p.bridge.delay(20 * MS).jitter(lossPercent == 0 ? 0 : 5 * MS).loss(lossPercent / 100.0);
        Map<Integer, Integer> transmissions = new HashMap<>();
        Map<Integer, Long> lastSent = new HashMap<>();
        p.bridge.aToB().filter(d -> {
            try {
                for (Chunk c : SctpPacket.decode(d, 0, d.length).chunks()) {
                    if (c instanceof DataChunk data && data.streamId() == STREAM) {
                        transmissions.merge((int) data.tsn(), 1, Integer::sum);
                        lastSent.put((int) data.tsn(), p.now());
                    }
                }
            } catch (MalformedChunkException e) {
                fail(e);
            }
            return true;
        });
        assertTrue(p.connect(), "setup under " + lossPercent + "% loss");

        int count = messageCount(size);
        boolean unordered = kind == Kind.RELIABLE_UNORDERED || kind == Kind.MAX_RETRANSMITS_0;
        int maxRtx = kind == Kind.MAX_RETRANSMITS_0 ? 0 : SctpTransport.RELIABLE;
        long lifetime = kind == Kind.LIFETIME_LIMITED ? LIFETIME : SctpTransport.NO_LIFETIME;
        long start = p.now();
        for (int i = 0; i < count; i++) {
            byte[] m = message(i, size);
            assertEquals(SendStatus.ACCEPTED, p.a.send(STREAM, 53, m, 0, m.length, unordered, maxRtx, lifetime, p.now()));
        }
        int witnesses = 20;
        for (int i = 0; i < witnesses; i++) {
            byte[] m = message(i, 100);
            assertEquals(SendStatus.ACCEPTED, p.a.send(WITNESS, 53, m, 0, m.length, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, p.now()));
        }
        boolean reliable = kind == Kind.RELIABLE_ORDERED || kind == Kind.RELIABLE_UNORDERED;
        boolean done = p.bridge.runUntil(() -> p.a.bufferedAmount(STREAM) == 0 && p.a.bufferedAmount(WITNESS) == 0
                && p.a.outstandingChunks() == 0, 600_000 * MS);
        assertTrue(done, () -> "did not drain: " + p.a + " / " + p.b);
        assertNull(p.ra.lost);
        assertNull(p.rb.lost);

        long[] seenStream = p.rb.messages.stream().filter(m -> m.streamId() == STREAM)
                .mapToLong(m -> ByteBuffer.wrap(m.data()).getInt(0)).toArray();
        long[] seenWitness = p.rb.messages.stream().filter(m -> m.streamId() == WITNESS)
                .mapToLong(m -> ByteBuffer.wrap(m.data()).getInt(0)).toArray();
        // the witness (reliable ordered) always gets everything, in order
        assertEquals(witnesses, seenWitness.length, "witness stream");
        for (int i = 0; i < witnesses; i++) {
            assertEquals(i, seenWitness[i]);
        }
        // every delivered message is intact and delivered at most once
        assertEquals(seenStream.length, java.util.Arrays.stream(seenStream).distinct().count(), "duplicates delivered");
        p.rb.messages.stream().filter(m -> m.streamId() == STREAM).forEach(m ->
                assertArrayEquals(message(ByteBuffer.wrap(m.data()).getInt(0), size), m.data()));
        if (reliable) {
            assertEquals(count, seenStream.length, "reliable: every message exactly once");
            if (kind == Kind.RELIABLE_ORDERED) {
                for (int i = 0; i < count; i++) {
                    assertEquals(i, seenStream[i], "in order");
                }
            }
        }
        if (kind == Kind.MAX_RETRANSMITS_0) {
            transmissions.forEach((tsn, n) -> assertEquals(1, n, "maxRetransmits 0: TSN " + tsn + " sent " + n + " times"));
            if (lossPercent == 0) {
                assertEquals(count, seenStream.length);
            }
        }
        if (kind == Kind.LIFETIME_LIMITED) {
            lastSent.forEach((tsn, at) -> assertTrue(at <= start + LIFETIME,
                    () -> "TSN " + tsn + " sent at +" + (at - start) / MS + " ms, after its " + LIFETIME / MS + " ms lifetime"));
        }
        // outstandingChunks() == 0 means the receiver's cumulative TSN passed every abandoned TSN (FORWARD TSN)
        assertEquals(0, p.a.outstandingChunks());
    }

    /** STYLE #31's heavier rows: loss {20, 50}% x MTU {576, 1200, 1452}, reliable ordered 4 KiB messages. */
    @ParameterizedTest(name = "loss {0}%, MTU {1}")
    @org.junit.jupiter.params.provider.CsvSource({"20, 576", "20, 1200", "20, 1452", "50, 576", "50, 1200", "50, 1452"})
    void deliversReliablyUnderHeavyLossAtEveryMtu(int lossPercent, int mtu) {
        // 50% each way is 75% round-trip loss: 11 consecutive losses (the default Association.Max.Retrans 10)
        // happen within a run, which is loss detection doing its job; here we test recovery, so raise the limits
        SctpPair p = new SctpPair(SctpConfig.builder().mtu(mtu).maxAssociationRetransmits(100).maxInitRetransmits(100).build(),
                77L * lossPercent + mtu);
        p.bridge.delay(15 * MS).jitter(5 * MS).loss(lossPercent / 100.0);
        assertTrue(p.connect(), "setup under " + lossPercent + "% loss");
        int count = 30;
        for (int i = 0; i < count; i++) {
            byte[] m = message(i, 4096);
            assertEquals(SendStatus.ACCEPTED, p.a.send(STREAM, 53, m, 0, m.length, false, SctpTransport.RELIABLE,
                    SctpTransport.NO_LIFETIME, p.now()));
        }
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == count, 3_600_000 * MS), () -> p.a + " / " + p.b);
        for (int i = 0; i < count; i++) {
            assertArrayEquals(message(i, 4096), p.rb.messages.get(i).data());
        }
        assertNull(p.ra.lost);
    }

    /** The peer stack's default SACK frequency (every 4th packet) keeps reliable delivery under loss and reordering. */
    @ParameterizedTest(name = "loss {0}%, SACK every {1} packets")
    @org.junit.jupiter.params.provider.CsvSource({"0, 4", "10, 4", "30, 4", "10, 3"})
    void deliversReliablyWithLessFrequentSacks(int lossPercent, int sackEvery) {
        SctpPair p = new SctpPair(SctpConfig.builder().sackEveryPackets(sackEvery).maxAssociationRetransmits(100).build(),
                91L * lossPercent + sackEvery);
        p.bridge.delay(20 * MS).jitter(lossPercent == 0 ? 0 : 5 * MS).loss(lossPercent / 100.0);
        assertTrue(p.connect(), "setup under " + lossPercent + "% loss");
        int count = 200;
        for (int i = 0; i < count; i++) {
            byte[] m = message(i, 3000);
            assertEquals(SendStatus.ACCEPTED, p.a.send(STREAM, 53, m, 0, m.length, false, SctpTransport.RELIABLE,
                    SctpTransport.NO_LIFETIME, p.now()));
        }
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == count, 600_000 * MS), () -> p.a + " / " + p.b);
        for (int i = 0; i < count; i++) {
            assertArrayEquals(message(i, 3000), p.rb.messages.get(i).data(), "message " + i + " in order");
        }
        assertNull(p.ra.lost);
    }

    /**
     * SACKs every 4th packet must not slow down a first transfer in slow start, where the sender's window holds
     * only a few packets (2,000-byte packets here: RFC 9260's initial cwnd of 4,380 B is three of them). Measured
     * 260 ms both ways: the immediate SACK of the first DATA chunk shifts the sender's rounds so that four packets
     * are in flight; the quick-SACK phase of {@code ReceivedTsnTracker} guards the cases where that does not hold.
     */
    @Test
    void lessFrequentSacksDoNotStallASenderInSlowStart() {
        long[] took = new long[2];
        int[] every = {2, 4};
        for (int k = 0; k < 2; k++) {
            SctpPair p = new SctpPair(SctpConfig.builder().mtu(2000).sackEveryPackets(every[k]).build(), 5L);
            p.bridge.delay(20 * MS);
            assertTrue(p.connect());
            byte[] m = message(7, 64 * 1024);
            long start = p.now();
            assertEquals(SendStatus.ACCEPTED, p.a.send(STREAM, 53, m, 0, m.length, false, SctpTransport.RELIABLE,
                    SctpTransport.NO_LIFETIME, p.now()));
            assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == 1, 10_000 * MS));
            took[k] = p.now() - start;
        }
        assertTrue(took[1] <= took[0] + 50 * MS, () -> "64 KiB in slow start: every 2nd packet " + took[0] / MS
                + " ms, every 4th " + took[1] / MS + " ms");
    }
}
