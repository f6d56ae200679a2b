package dev.strafe.webrtc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.testing.DatagramBridge.Direction;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatagramBridgeTest {

    private static final long MS = 1_000_000L;

    /** Sends numbered datagrams (4-byte big-endian id, padded to a size) at scheduled times; echoes if asked. */
    static final class ScriptedEndpoint implements DatagramEndpoint {
        final boolean echo;
        final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
        final PriorityQueue<long[]> scheduled = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        final List<Integer> receivedIds = new ArrayList<>();
        final List<Long> receivedAt = new ArrayList<>();
        int timeouts;

        ScriptedEndpoint(boolean echo) {
            this.echo = echo;
        }

        void sendNow(int id, int size) {
            outbox.add(packet(id, size));
        }

        /** {time, id, size} */
        void sendAt(long timeNanos, int id, int size) {
            scheduled.add(new long[] {timeNanos, id, size});
        }

        static byte[] packet(int id, int size) {
            return ByteBuffer.allocate(Math.max(4, size)).putInt(0, id).array();
        }

        @Override
        public void handle(byte[] packet, int offset, int length, long nowNanos) {
            receivedIds.add(ByteBuffer.wrap(packet, offset, length).getInt(offset));
            receivedAt.add(nowNanos);
            if (echo) {
                byte[] copy = new byte[length];
                System.arraycopy(packet, offset, copy, 0, length);
                outbox.add(copy);
            }
        }

        @Override
        public int poll(byte[] dst, int offset, long nowNanos) {
            byte[] next = outbox.poll();
            if (next == null) {
                return 0;
            }
            System.arraycopy(next, 0, dst, offset, next.length);
            return next.length;
        }

        @Override
        public long nextDeadline() {
            long[] head = scheduled.peek();
            return head == null ? Long.MAX_VALUE : head[0];
        }

        @Override
        public void onTimeout(long nowNanos) {
            timeouts++;
            long[] head;
            while ((head = scheduled.peek()) != null && head[0] <= nowNanos) {
                scheduled.poll();
                outbox.add(packet((int) head[1], (int) head[2]));
            }
        }
    }

    private final FakeClock clock = new FakeClock();
    private final ScriptedEndpoint a = new ScriptedEndpoint(false);
    private final ScriptedEndpoint b = new ScriptedEndpoint(true);

    @Test
    void deliversInOrderAfterExactlyTheConfiguredDelay() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1).delay(25 * MS);
        for (int i = 0; i < 5; i++) {
            a.sendAt(i * MS, i, 100);
        }
        assertTrue(bridge.runUntil(() -> a.receivedIds.size() == 5, 1_000 * MS));
        assertEquals(List.of(0, 1, 2, 3, 4), b.receivedIds);
        assertEquals(List.of(25 * MS, 26 * MS, 27 * MS, 28 * MS, 29 * MS), b.receivedAt);
        assertEquals(List.of(50 * MS, 51 * MS, 52 * MS, 53 * MS, 54 * MS), a.receivedAt);
        assertEquals(54 * MS, clock.nanos());
        assertEquals(5, bridge.aToB().sent());
        assertEquals(5, bridge.bToA().delivered());
    }

    @Test
    void jumpsTheClockToEndpointDeadlinesWithoutTraffic() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1);
        a.scheduled.add(new long[] {7 * MS, -1, -1});
        a.scheduled.add(new long[] {9 * MS, -1, -1});
        assertTrue(bridge.tick());
        assertEquals(7 * MS, clock.nanos());
        assertEquals(1, a.timeouts);
    }

    @Test
    void reportsIdleWhenNothingIsScheduled() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1);
        assertFalse(bridge.tick());
        assertFalse(bridge.runUntil(() -> false, 10 * MS));
        assertEquals(0, clock.nanos());
    }

    @Test
    void runUntilStopsExactlyAtTheTimeLimit() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1).delay(100 * MS);
        a.sendNow(1, 10);
        assertFalse(bridge.runUntil(() -> !b.receivedIds.isEmpty(), 40 * MS));
        assertEquals(40 * MS, clock.nanos());
        assertEquals(1, bridge.inFlight());
        assertTrue(bridge.runUntil(() -> !b.receivedIds.isEmpty(), 100 * MS));
        assertEquals(100 * MS, clock.nanos());
    }

    @ParameterizedTest(name = "loss {0} seed {1}")
    @CsvSource({"0.0, 1", "0.01, 2", "0.10, 3", "0.30, 4", "0.50, 5"})
    void randomLossRateStaysWithinStatisticalBounds(double rate, long seed) {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, seed);
        bridge.aToB().loss(rate);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            a.sendNow(i, 8);
        }
        bridge.runUntil(() -> false, 1_000 * MS);
        long lost = bridge.aToB().lost();
        // 5 sigma of a binomial(n, rate)
        double sigma = Math.sqrt(n * rate * (1 - rate));
        assertTrue(Math.abs(lost - n * rate) <= 5 * sigma + 1, "lost " + lost + " of " + n + " at " + rate);
        assertEquals(n - lost, b.receivedIds.size());
        assertEquals(n - lost, bridge.aToB().delivered());
        assertEquals(n - lost, a.receivedIds.size(), "reverse direction lossless");
    }

    @Test
    void sameSeedGivesTheSameLossPattern() {
        List<Integer> first = runLossy(42);
        List<Integer> second = runLossy(42);
        List<Integer> other = runLossy(43);
        assertEquals(first, second);
        assertFalse(first.equals(other));
    }

    private static List<Integer> runLossy(long seed) {
        FakeClock clock = new FakeClock();
        ScriptedEndpoint a = new ScriptedEndpoint(false);
        ScriptedEndpoint b = new ScriptedEndpoint(false);
        DatagramBridge bridge = new DatagramBridge(clock, a, b, seed).loss(0.3).jitter(5 * MS);
        for (int i = 0; i < 200; i++) {
            a.sendNow(i, 8);
        }
        bridge.runUntil(() -> false, 1_000 * MS);
        return b.receivedIds;
    }

    @Test
    void duplicatesEveryDatagramAtFullDuplicationRate() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 7);
        bridge.aToB().duplicate(1.0);
        for (int i = 0; i < 10; i++) {
            a.sendNow(i, 8);
        }
        bridge.runUntil(() -> false, 10 * MS);
        assertEquals(20, b.receivedIds.size());
        assertEquals(10, bridge.aToB().duplicated());
        assertEquals(20, bridge.bToA().sent(), "echo of both copies");
    }

    @Test
    void dropRemovesExactlyTheNextNDatagrams() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1).drop(Direction.A_TO_B, 2);
        for (int i = 0; i < 5; i++) {
            a.sendNow(i, 8);
        }
        bridge.runUntil(() -> false, 10 * MS);
        assertEquals(List.of(2, 3, 4), b.receivedIds);
        assertEquals(2, bridge.aToB().dropped());
        assertEquals(2, bridge.aToB().droppedTotal());
    }

    @Test
    void reorderReleasesTheNextNDatagramsReversed() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1).delay(MS).reorder(Direction.A_TO_B, 3);
        for (int i = 0; i < 5; i++) {
            a.sendAt(i * MS, i, 8);
        }
        bridge.runUntil(() -> false, 100 * MS);
        assertEquals(List.of(2, 1, 0, 3, 4), b.receivedIds);
        assertEquals(3, bridge.aToB().reordered());
    }

    @Test
    void reorderReleasesAnIncompleteBatchOnceTheNetworkIsIdle() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1).reorder(Direction.A_TO_B, 5);
        a.sendNow(0, 8);
        a.sendNow(1, 8);
        bridge.runUntil(() -> false, 10 * MS);
        assertEquals(List.of(1, 0), b.receivedIds);
    }

    @Test
    void burstLossAveragesToItsStationaryRateAndComesInRuns() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 21);
        bridge.aToB().burstLoss(0.02, 0.2, 1.0); // bad state 1/11 of the time, everything lost there
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            a.sendNow(i, 8);
        }
        bridge.runUntil(() -> false, 1_000 * MS);
        double rate = bridge.aToB().lost() / (double) n;
        assertTrue(Math.abs(rate - 1.0 / 11) < 0.02, "loss rate " + rate);
        int runs = 0;
        int previous = -1;
        for (int id : b.receivedIds) {
            if (id != previous + 1) {
                runs++;
            }
            previous = id;
        }
        double meanRun = bridge.aToB().lost() / (double) runs;
        assertTrue(meanRun > 3, "mean loss run " + meanRun + " (independent loss would give ~1.1)");
    }

    @Test
    void filterDropsDatagramsThePredicateRejects() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1)
                .filter(Direction.A_TO_B, p -> ByteBuffer.wrap(p).getInt(0) % 2 == 0);
        for (int i = 0; i < 6; i++) {
            a.sendNow(i, 8);
        }
        bridge.runUntil(() -> false, 10 * MS);
        assertEquals(List.of(0, 2, 4), b.receivedIds);
        assertEquals(3, bridge.aToB().filtered());
    }

    @Test
    void blackoutDropsEverythingSentUntilItEnds() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1).delay(MS);
        bridge.aToB().blackout(10 * MS);
        for (int i = 0; i < 20; i++) {
            a.sendAt(i * MS, i, 8);
        }
        bridge.runUntil(() -> false, 100 * MS);
        assertEquals(List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19), b.receivedIds);
        assertEquals(10, bridge.aToB().blackedOut());
        assertEquals(10, bridge.aToB().droppedTotal());
    }

    @Test
    void mtuDropsOversizeDatagrams() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1);
        bridge.aToB().mtu(1_200);
        a.sendNow(1, 1_200);
        a.sendNow(2, 1_201);
        bridge.runUntil(() -> false, 10 * MS);
        assertEquals(List.of(1), b.receivedIds);
        assertEquals(1, bridge.aToB().oversize());
    }

    @Test
    void randomReorderingLetsLaterDatagramsOvertake() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 11);
        bridge.aToB().delay(MS).reorderRate(0.2, 10 * MS);
        for (int i = 0; i < 1_000; i++) {
            a.sendAt(i * MS / 10, i, 8);
        }
        bridge.runUntil(() -> false, 10_000 * MS);
        assertEquals(1_000, b.receivedIds.size());
        assertTrue(bridge.aToB().reordered() > 100, bridge.toString());
        int inversions = 0;
        for (int i = 1; i < b.receivedIds.size(); i++) {
            if (b.receivedIds.get(i) < b.receivedIds.get(i - 1)) {
                inversions++;
            }
        }
        assertTrue(inversions > 50, "inversions " + inversions);
    }

    @Test
    void jitterStaysWithinItsBound() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 5);
        bridge.aToB().delay(10 * MS).jitter(4 * MS);
        for (int i = 0; i < 500; i++) {
            a.sendAt(i * 20 * MS, i, 8);
        }
        bridge.runUntil(() -> false, 100_000 * MS);
        for (int k = 0; k < b.receivedIds.size(); k++) {
            long sentAt = b.receivedIds.get(k) * 20 * MS;
            long latency = b.receivedAt.get(k) - sentAt;
            assertTrue(latency >= 10 * MS && latency <= 14 * MS, "latency " + latency);
        }
    }

    @Test
    void bandwidthCapSerializesDatagramsAtTheConfiguredRate() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1);
        bridge.aToB().bandwidth(100_000).delay(5 * MS); // 1,000 bytes = 10 ms on the wire
        for (int i = 0; i < 10; i++) {
            a.sendNow(i, 1_000);
        }
        bridge.runUntil(() -> b.receivedIds.size() == 10, 1_000 * MS);
        for (int i = 0; i < 10; i++) {
            assertEquals((i + 1) * 10 * MS + 5 * MS, b.receivedAt.get(i), "datagram " + i);
        }
    }

    @Test
    void bandwidthBottleneckTailDropsBeyondItsQueueLimit() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1);
        bridge.aToB().bandwidth(100_000).queueLimit(3_000);
        for (int i = 0; i < 10; i++) {
            a.sendNow(i, 1_000);
        }
        bridge.runUntil(() -> false, 1_000 * MS);
        assertEquals(List.of(0, 1, 2), b.receivedIds);
        assertEquals(7, bridge.aToB().queueDropped());
    }

    @Test
    void throughputUnderBandwidthCapMatchesTheCap() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1);
        bridge.aToB().bandwidth(1_000_000).queueLimit(10_000_000);
        for (int i = 0; i < 1_000; i++) {
            a.sendNow(i, 1_000);
        }
        bridge.runUntil(() -> b.receivedIds.size() == 1_000, 10_000 * MS);
        assertEquals(1_000 * MS, clock.nanos(), "1 MB at 1 MB/s");
    }

    @Test
    void rejectsOutOfRangeSettingsWithClearMessages() {
        DatagramBridge bridge = new DatagramBridge(clock, a, b, 1);
        assertEquals("loss: 1.5 (expected: 0.0 <= rate <= 1.0)",
                assertThrows(IllegalArgumentException.class, () -> bridge.loss(1.5)).getMessage());
        assertEquals("delay: -1 (expected: >= 0)",
                assertThrows(IllegalArgumentException.class, () -> bridge.delay(-1)).getMessage());
        assertEquals("reorder: 1 (expected: >= 2)",
                assertThrows(IllegalArgumentException.class, () -> bridge.aToB().reorder(1)).getMessage());
    }

    @Test
    void detectsAnEndpointWhoseDeadlineNeverAdvances() {
        DatagramEndpoint stuck = new DatagramEndpoint() {
            @Override
            public void handle(byte[] packet, int offset, int length, long nowNanos) {
            }

            @Override
            public int poll(byte[] dst, int offset, long nowNanos) {
                return 0;
            }

            @Override
            public long nextDeadline() {
                return 0;
            }

            @Override
            public void onTimeout(long nowNanos) {
            }
        };
        DatagramBridge bridge = new DatagramBridge(clock, stuck, b, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bridge.runUntil(() -> false, MS));
        assertTrue(e.getMessage().startsWith("livelock"), e.getMessage());
    }

    @Test
    void fakeClockNeverGoesBackwards() {
        clock.advance(10);
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(5));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        assertEquals(10, clock.nanos());
    }

    @Test
    void allocatesNothingPerDatagramOnceWarm() {
        int[] credits = {0};
        long[] received = {0};
        DatagramEndpoint source = new DatagramEndpoint() {
            @Override
            public void handle(byte[] packet, int offset, int length, long nowNanos) {
            }

            @Override
            public int poll(byte[] dst, int offset, long nowNanos) {
                return credits[0]-- > 0 ? 1_200 : 0;
            }

            @Override
            public long nextDeadline() {
                return Long.MAX_VALUE;
            }

            @Override
            public void onTimeout(long nowNanos) {
            }
        };
        DatagramEndpoint sink = new DatagramEndpoint() {
            @Override
            public void handle(byte[] packet, int offset, int length, long nowNanos) {
                received[0] += length;
            }

            @Override
            public int poll(byte[] dst, int offset, long nowNanos) {
                return 0;
            }

            @Override
            public long nextDeadline() {
                return Long.MAX_VALUE;
            }

            @Override
            public void onTimeout(long nowNanos) {
            }
        };
        DatagramBridge bridge = new DatagramBridge(clock, source, sink, 1, 2_048).delay(MS);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 200; round++) {
            credits[0] = 64;
            while (bridge.tick()) {
                // drain
            }
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 200; round++) {
            credits[0] = 64;
            while (bridge.tick()) {
                // drain
            }
        }
        long perDatagram = (mx.getCurrentThreadAllocatedBytes() - before) / (200 * 64);
        assertTrue(perDatagram < 16, "bridge allocated " + perDatagram + " bytes per datagram");
        assertEquals(400L * 64 * 1_200, received[0]);
    }
}
