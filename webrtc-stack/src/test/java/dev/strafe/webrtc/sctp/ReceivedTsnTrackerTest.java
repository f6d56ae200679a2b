package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.sctp.ReceivedTsnTracker.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceivedTsnTrackerTest {

    private static int[][] blocks(ReceivedTsnTracker tracker) {
        int[] starts = new int[64];
        int[] ends = new int[64];
        int n = tracker.gapAckBlocks(starts, ends);
        assertEquals(n, tracker.gapAckBlockCount());
        int[][] result = new int[n][];
        for (int i = 0; i < n; i++) {
            result[i] = new int[] {starts[i], ends[i]};
        }
        return result;
    }

    @Test
    void startsWithCumulativeTsnOneBelowThePeersInitialTsn() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1000, 1024, 16);
        assertEquals(999, tracker.cumulativeTsn());
        assertFalse(tracker.hasGaps());
        assertFalse(tracker.sackPending());
    }

    @Test
    void advancesCumulativeTsnOverInOrderArrivals() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1000, 1024, 16);
        for (int tsn = 1000; tsn < 1010; tsn++) {
            assertEquals(Verdict.NEW, tracker.receive(tsn));
        }
        assertEquals(1009, tracker.cumulativeTsn());
        assertEquals(0, blocks(tracker).length);
    }

    @Test
    void reportsGapAckBlocksRelativeToTheCumulativeTsn() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(100, 1024, 16);
        for (int tsn : new int[] {100, 102, 103, 105, 110}) {
            assertEquals(Verdict.NEW, tracker.receive(tsn));
        }
        assertEquals(100, tracker.cumulativeTsn());
        assertEquals(110, tracker.highestReceivedTsn());
        assertArrayEquals(new int[][] {{2, 3}, {5, 5}, {10, 10}}, blocks(tracker));
    }

    @Test
    void fillingTheGapMovesTheCumulativeTsnOverEverythingReceived() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(100, 1024, 16);
        for (int tsn : new int[] {100, 102, 103, 105}) {
            tracker.receive(tsn);
        }
        tracker.onDataPacketReceived(0);
        tracker.onSackSent();
        tracker.receive(101);
        assertEquals(103, tracker.cumulativeTsn());
        assertArrayEquals(new int[][] {{2, 2}}, blocks(tracker));
        tracker.onDataPacketReceived(1);
        assertTrue(tracker.immediateSackRequired(), "gap partly filled");
        tracker.receive(104);
        assertEquals(105, tracker.cumulativeTsn());
        assertFalse(tracker.hasGaps());
    }

    @Test
    void writesOnlyAsManyBlocksAsTheCallerArraysHold() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(0, 1024, 16);
        for (int tsn = 2; tsn < 40; tsn += 2) {
            tracker.receive(tsn);
        }
        int[] starts = new int[3];
        int[] ends = new int[5];
        assertEquals(3, tracker.gapAckBlocks(starts, ends));
        assertArrayEquals(new int[] {3, 5, 7}, starts);
        assertArrayEquals(new int[] {3, 5, 7, 0, 0}, ends);
        assertEquals(19, tracker.gapAckBlockCount());
    }

    @Test
    void reportsDuplicatesBelowAndAboveTheCumulativeTsnOnce() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(10, 1024, 16);
        tracker.receive(10);
        tracker.receive(12);
        assertEquals(Verdict.DUPLICATE, tracker.receive(10));
        assertEquals(Verdict.DUPLICATE, tracker.receive(12));
        assertEquals(Verdict.DUPLICATE, tracker.receive(5));
        int[] dups = new int[8];
        assertEquals(3, tracker.duplicateTsns(dups));
        assertArrayEquals(new int[] {10, 12, 5}, Arrays.copyOf(dups, 3));
        tracker.onDataPacketReceived(0);
        assertTrue(tracker.immediateSackRequired());
        tracker.onSackSent();
        assertEquals(0, tracker.duplicateCount(), "list restarts after each SACK");
        assertEquals(3, tracker.duplicatesReceived());
    }

    @Test
    void boundsTheDuplicateListAndCountsTheOverflow() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 1024, 4);
        tracker.receive(1);
        for (int i = 0; i < 10; i++) {
            tracker.receive(1);
        }
        assertEquals(4, tracker.duplicateCount());
        assertEquals(6, tracker.duplicatesNotReported());
        assertEquals(10, tracker.duplicatesReceived());
    }

    @Test
    void refusesTsnsBeyondTheTrackedWindowWithoutStoringThem() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 100, 4);
        assertEquals(Verdict.NEW, tracker.receive(100), "cum 0 + 100 is the last tracked TSN");
        assertEquals(Verdict.OUT_OF_WINDOW, tracker.receive(101));
        assertEquals(Verdict.OUT_OF_WINDOW, tracker.receive(100_000));
        assertEquals(100, tracker.highestReceivedTsn());
        assertFalse(tracker.isReceived(101));
        assertEquals(2, tracker.outOfWindowRefused());
        for (int tsn = 1; tsn < 100; tsn++) {
            tracker.receive(tsn);
        }
        assertEquals(100, tracker.cumulativeTsn());
        assertEquals(Verdict.NEW, tracker.receive(101), "window moved with the cumulative TSN");
    }

    @Test
    void tracksAcrossTheTsnWrapAround() {
        int initial = 0xFFFF_FFFC; // 4294967292
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(initial, 1024, 8);
        assertEquals(0xFFFF_FFFB, tracker.cumulativeTsn());
        tracker.receive(0xFFFF_FFFC);
        tracker.receive(0xFFFF_FFFE);
        tracker.receive(0xFFFF_FFFF);
        tracker.receive(1);
        assertEquals(0xFFFF_FFFC, tracker.cumulativeTsn());
        assertArrayEquals(new int[][] {{2, 3}, {5, 5}}, blocks(tracker));
        tracker.receive(0xFFFF_FFFD);
        assertEquals(0xFFFF_FFFF, tracker.cumulativeTsn());
        tracker.receive(0);
        assertEquals(1, tracker.cumulativeTsn());
        assertEquals(Verdict.DUPLICATE, tracker.receive(0xFFFF_FFFE));
    }

    @Test
    void forwardTsnSkipsAbandonedTsnsAndAdvancesOverReceivedOnes() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 1024, 8);
        tracker.receive(1);
        tracker.receive(5);
        tracker.receive(6);
        tracker.receive(9);
        assertTrue(tracker.forwardCumulativeTsn(4));
        assertEquals(6, tracker.cumulativeTsn(), "4 forwarded, then 5 and 6 already received");
        assertArrayEquals(new int[][] {{3, 3}}, blocks(tracker));
        assertTrue(tracker.forwardCumulativeTsn(20));
        assertEquals(20, tracker.cumulativeTsn());
        assertEquals(20, tracker.highestReceivedTsn());
        assertFalse(tracker.hasGaps());
        assertEquals(Verdict.DUPLICATE, tracker.receive(15));
        assertEquals(Verdict.NEW, tracker.receive(21));
    }

    @Test
    void ignoresAnOutOfDateForwardTsnButAsksForASack() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 1024, 8);
        tracker.receive(1);
        tracker.receive(2);
        tracker.onDataPacketReceived(0);
        tracker.onSackSent();
        assertFalse(tracker.forwardCumulativeTsn(2));
        assertFalse(tracker.forwardCumulativeTsn(0));
        tracker.onDataPacketReceived(1);
        assertEquals(2, tracker.cumulativeTsn());
        assertTrue(tracker.immediateSackRequired());
    }

    @Test
    void aForwardTsnPacketCountsLikeOneDataPacketForDelayedSack() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 1024, 8);
        tracker.receive(1);
        tracker.onDataPacketReceived(0);
        tracker.onSackSent();
        assertTrue(tracker.forwardCumulativeTsn(5));
        tracker.onDataPacketReceived(10);
        assertTrue(tracker.sackPending());
        assertFalse(tracker.immediateSackRequired(), "one packet may wait for the delayed SACK");
        assertEquals(210, tracker.sackDeadline(200));
    }

    @Test
    void forwardTsnFarBeyondTheWindowForgetsEverything() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 64, 8);
        tracker.receive(3);
        tracker.receive(60);
        assertTrue(tracker.forwardCumulativeTsn(1_000_000));
        assertEquals(1_000_000, tracker.cumulativeTsn());
        assertFalse(tracker.hasGaps());
        assertFalse(tracker.isReceived(1_000_001));
        assertEquals(Verdict.NEW, tracker.receive(1_000_003));
        assertArrayEquals(new int[][] {{3, 3}}, blocks(tracker));
    }

    @Test
    void acknowledgesTheFirstDataImmediatelyThenEverySecondPacket() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 1024, 8);
        tracker.receive(1);
        tracker.onDataPacketReceived(10);
        assertTrue(tracker.immediateSackRequired(), "first DATA chunk");
        tracker.onSackSent();
        assertFalse(tracker.sackPending());
        assertFalse(tracker.immediateSackRequired());
        assertEquals(Long.MAX_VALUE, tracker.sackDeadline(200));

        tracker.receive(2);
        tracker.onDataPacketReceived(20);
        assertTrue(tracker.sackPending());
        assertFalse(tracker.immediateSackRequired(), "one in-order packet may wait");
        assertEquals(20, tracker.oldestUnackedNanos());
        assertEquals(220, tracker.sackDeadline(200));

        tracker.receive(3);
        tracker.onDataPacketReceived(30);
        assertTrue(tracker.immediateSackRequired(), "second packet");
        assertEquals(20, tracker.oldestUnackedNanos(), "oldest arrival kept");
    }

    @Test
    void withSackEveryFourPacketsAcknowledgesEverySecondPacketFirstThenEveryFourth() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 1024, 8, 4);
        int tsn = 1;
        tracker.receive(tsn++);
        tracker.onDataPacketReceived(0);
        assertTrue(tracker.immediateSackRequired(), "first DATA chunk, whatever the frequency");
        tracker.onSackSent();
        // quick phase: a sender in slow start has under four packets of window, every second one is acknowledged
        while (tsn <= ReceivedTsnTracker.QUICK_SACK_PACKETS) {
            tracker.receive(tsn++);
            tracker.onDataPacketReceived(tsn);
            if (tracker.immediateSackRequired()) {
                tracker.onSackSent();
            }
        }
        tracker.onSackSent(); // whatever is pending goes with the next SACK (e.g. the delayed-SACK timer)
        for (int i = 1; i <= 3; i++) {
            tracker.receive(tsn++);
            tracker.onDataPacketReceived(1000 + i);
            assertFalse(tracker.immediateSackRequired(), "after the quick phase, in-order packet " + i + " of 4 may wait");
        }
        assertEquals(1201, tracker.sackDeadline(200), "the delayed-SACK timer still runs from the oldest");
        tracker.receive(tsn++);
        tracker.onDataPacketReceived(2000);
        assertTrue(tracker.immediateSackRequired(), "fourth packet");
        tracker.onSackSent();
        tsn++; // one TSN lost
        tracker.receive(tsn++);
        tracker.onDataPacketReceived(3000);
        assertTrue(tracker.immediateSackRequired(), "a gap is reported at once");
        tracker.onSackSent();
        tracker.receive(tsn - 2); // the retransmission fills the gap
        tracker.onDataPacketReceived(3001);
        tracker.onSackSent();
        tracker.receive(tsn++);
        tracker.onDataPacketReceived(3002);
        assertFalse(tracker.immediateSackRequired());
        tracker.receive(tsn++);
        tracker.onDataPacketReceived(3003);
        assertTrue(tracker.immediateSackRequired(), "after a loss, every second packet again (quick phase)");
    }

    @Test
    void asksForAnImmediateSackForEveryPacketWhileAGapExists() {
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(1, 1024, 8);
        tracker.receive(1);
        tracker.onDataPacketReceived(0);
        tracker.onSackSent();
        tracker.receive(3);
        tracker.onDataPacketReceived(1);
        assertTrue(tracker.immediateSackRequired());
        tracker.onSackSent();
        assertFalse(tracker.immediateSackRequired(), "nothing new since the SACK");
        tracker.receive(4);
        tracker.onDataPacketReceived(2);
        assertTrue(tracker.immediateSackRequired(), "gap still open");
    }

    @ParameterizedTest(name = "maxTrackedTsns {0}")
    @ValueSource(ints = {0, -1, 65_536})
    void rejectsAnInvalidWindowWithAClearMessage(int max) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReceivedTsnTracker(1, max, 8));
        assertEquals("maxTrackedTsns: " + max + " (expected: 1 <= maxTrackedTsns <= 65535)", e.getMessage());
    }

    @Test
    void rejectsAnInvalidDuplicateLimitWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReceivedTsnTracker(1, 8, -1));
        assertEquals("maxDuplicates: -1 (expected: 0 <= maxDuplicates <= 65535)", e.getMessage());
    }

    /** Model-based: random arrivals, duplicates and FORWARD-TSNs near the wrap agree with a TreeSet model. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithASimpleModelUnderRandomArrivals(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int window = 1 + random.nextInt(300);
        long base = 0xFFFF_FF00L; // unsigned model values; wraps in the tracker after 256 TSNs
        ReceivedTsnTracker tracker = new ReceivedTsnTracker((int) base, window, 32);
        long cum = base - 1;
        TreeSet<Long> above = new TreeSet<>();
        for (int step = 0; step < 5_000; step++) {
            if (random.nextInt(50) == 0) {
                long newCum = cum + random.nextInt(-3, 40);
                boolean moved = tracker.forwardCumulativeTsn((int) newCum);
                assertEquals(newCum > cum, moved);
                if (newCum > cum) {
                    cum = newCum;
                    above.headSet(cum, true).clear();
                    while (above.remove(cum + 1)) {
                        cum++;
                    }
                }
            } else {
                long tsn = cum + random.nextInt(-10, window + 10);
                Verdict expected = tsn <= cum || above.contains(tsn) ? Verdict.DUPLICATE
                        : tsn - cum > window ? Verdict.OUT_OF_WINDOW : Verdict.NEW;
                assertEquals(expected, tracker.receive((int) tsn), "step " + step + " tsn " + tsn);
                if (expected == Verdict.NEW) {
                    above.add(tsn);
                    while (above.remove(cum + 1)) {
                        cum++;
                    }
                }
            }
            assertEquals((int) cum, tracker.cumulativeTsn(), "step " + step);
            if (step % 7 == 0) {
                List<int[]> expectedBlocks = new ArrayList<>();
                long start = -1;
                long prev = -1;
                for (long t : above) {
                    if (start >= 0 && t == prev + 1) {
                        prev = t;
                        continue;
                    }
                    if (start >= 0) {
                        expectedBlocks.add(new int[] {(int) (start - cum), (int) (prev - cum)});
                    }
                    start = t;
                    prev = t;
                }
                if (start >= 0) {
                    expectedBlocks.add(new int[] {(int) (start - cum), (int) (prev - cum)});
                }
                int[] starts = new int[1024];
                int[] ends = new int[1024];
                int n = tracker.gapAckBlocks(starts, ends);
                assertEquals(expectedBlocks.size(), n, "step " + step);
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(expectedBlocks.get(i), new int[] {starts[i], ends[i]}, "step " + step);
                }
            }
        }
    }
}
