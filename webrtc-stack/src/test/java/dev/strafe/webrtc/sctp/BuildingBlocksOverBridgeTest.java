package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.testing.DatagramBridge;
import dev.strafe.webrtc.testing.FakeClock;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The building blocks wired into {@link ToyReliableEndpoint} (a test double with a toy wire format) over
 * the seeded {@link DatagramBridge}: the STYLE #31 matrix loss x message size x ordering.
 */
class BuildingBlocksOverBridgeTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    static List<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (int loss : new int[] {0, 1, 10, 30}) {
            for (int size : new int[] {16, 1_024, 65_536, 262_144}) {
                for (boolean unordered : new boolean[] {false, true}) {
                    rows.add(Arguments.of(loss, size, unordered));
                }
            }
        }
        for (int loss : new int[] {20, 50}) { // STYLE #31 rows, 1 KiB only
            rows.add(Arguments.of(loss, 1_024, false));
            rows.add(Arguments.of(loss, 1_024, true));
        }
        return rows;
    }

    private record Received(int stream, int index, boolean unordered) {
    }

    private static byte[] message(int index, int size) {
        byte[] m = new byte[size];
        ByteBuffer.wrap(m).putInt(0, index);
        for (int i = 4; i < size; i++) {
            m[i] = (byte) (index * 31 + i);
        }
        return m;
    }

    private static void checkContent(byte[] m) {
        int index = ByteBuffer.wrap(m).getInt(0);
        for (int i = 4; i < m.length; i++) {
            if (m[i] != (byte) (index * 31 + i)) {
                throw new AssertionError("message " + index + " corrupt at byte " + i);
            }
        }
    }

    @ParameterizedTest(name = "loss {0}% size {1} unordered {2}")
    @MethodSource("matrix")
    void reliableMessagesArriveExactlyOnceAndOrderedOnesInOrder(int lossPercent, int size, boolean unordered) {
        FakeClock clock = new FakeClock();
        List<Received> atB = new ArrayList<>();
        ToyReliableEndpoint a = new ToyReliableEndpoint((s, p, m, u) -> { }, 1 << 20);
        ToyReliableEndpoint b = new ToyReliableEndpoint((s, p, m, u) -> {
            checkContent(m);
            atB.add(new Received(s, ByteBuffer.wrap(m).getInt(0), u));
        }, 1 << 20);
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1_000L * lossPercent + size + (unordered ? 7 : 0))
                .loss(lossPercent / 100.0).delay(10 * MS).jitter(3 * MS).duplicate(0.01);
        int count = Math.max(6, Math.min(100, (2 << 20) / size));
        for (int i = 0; i < count; i++) {
            SendStatus status = a.send(i % 3, message(i, size), unordered, SctpTransport.RELIABLE,
                    SctpTransport.NO_LIFETIME, 0);
            assertEquals(SendStatus.ACCEPTED, status);
        }
        boolean done = bridge.runUntil(() -> atB.size() >= count && a.idle(), 3_600 * SECOND);
        assertTrue(done, "delivered " + atB.size() + "/" + count + " " + bridge + " A=" + a + " B=" + b);
        assertEquals(count, atB.size(), "exactly once");
        Map<Integer, List<Integer>> perStream = new HashMap<>();
        for (Received r : atB) {
            perStream.computeIfAbsent(r.stream(), k -> new ArrayList<>()).add(r.index());
        }
        assertEquals(count, atB.stream().map(Received::index).distinct().count(), "no duplicates");
        if (!unordered) {
            perStream.forEach((stream, indices) -> {
                List<Integer> sorted = new ArrayList<>(indices);
                sorted.sort(null);
                assertEquals(sorted, indices, "stream " + stream + " in order");
            });
        }
        assertEquals(0, a.sendQueue.bufferedBytes(), "everything acknowledged");
        assertEquals(0, b.reassembly.bufferedBytes());
        if (Boolean.getBoolean("sctp.bridge.verbose")) {
            System.out.printf("loss %d%% size %d unordered %s: %d messages in %.1f s simulated, %s, rtx %d,"
                            + " t3 %d, fr %d, %s%n", lossPercent, size, unordered, count, clock.nanos() / 1e9,
                    bridge.aToB(), a.retransmissions, a.cc.t3Timeouts(), a.cc.fastRecoveries(), a.rto);
        }
        if (lossPercent >= 10 && size >= 1_024) {
            assertTrue(bridge.aToB().lost() > 0 && a.retransmissions > 0, bridge.toString());
        }
        if (lossPercent == 0) {
            // jitter reorders packets, so spurious fast retransmits may happen; timeouts must not
            assertEquals(0, a.cc.t3Timeouts(), "no loss, no T3-rtx expiry");
        }
    }

    @ParameterizedTest(name = "loss {0}%")
    @ValueSource(ints = {0, 10, 30})
    void unreliableDataNeverBlocksAReliableStream(int lossPercent) {
        FakeClock clock = new FakeClock();
        List<Integer> reliable = new ArrayList<>();
        Map<String, Integer> unreliable = new HashMap<>();
        ToyReliableEndpoint a = new ToyReliableEndpoint((s, p, m, u) -> { }, 1 << 20);
        ToyReliableEndpoint b = new ToyReliableEndpoint((s, p, m, u) -> {
            int index = ByteBuffer.wrap(m).getInt(0);
            if (s == 0) {
                reliable.add(index);
            } else {
                unreliable.merge(s + ":" + index, 1, Integer::sum);
            }
        }, 1 << 20);
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 99 + lossPercent)
                .loss(lossPercent / 100.0).delay(20 * MS).jitter(5 * MS);
        int rounds = 300;
        for (int i = 0; i < rounds; i++) {
            a.send(0, message(i, 1_024), false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, clock.nanos());
            a.send(1, message(i, 64), true, 0, SctpTransport.NO_LIFETIME, clock.nanos());
            a.send(2, message(i, 200), false, 0, SctpTransport.NO_LIFETIME, clock.nanos()); // ordered, rexmit 0
            bridge.runFor(16 * MS); // a 60 Hz game tick
        }
        assertTrue(bridge.runUntil(() -> reliable.size() == rounds && a.idle(), 600 * SECOND),
                "reliable " + reliable.size() + " " + bridge);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            expected.add(i);
        }
        assertEquals(expected, reliable, "reliable stream complete and in order");
        unreliable.forEach((index, times) -> assertEquals(1, times, "unreliable " + index + " at most once"));
        if (lossPercent > 0) {
            assertTrue(a.forwardTsnsSent > 0, "abandoned data skipped with FORWARD-TSN");
        }
        assertEquals(0, a.sendQueue.bufferedBytes());
        assertEquals(0, b.reassembly.bufferedBytes(), "nothing stranded at the receiver");
    }
}
