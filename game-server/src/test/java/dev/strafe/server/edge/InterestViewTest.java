package dev.strafe.server.edge;

import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.server.room.WorldFrame;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class InterestViewTest {

    static int[] ids(SnapshotState s) {
        int[] ids = new int[s.size()];
        for (int i = 0; i < s.size(); i++) {
            ids[i] = s.id(i);
        }
        return ids;
    }

    static final WorldFrame FRAME = Frames.frame(7, new int[][]{
            {1, 1, 0, 0},          // far corner
            {2, 1, 1000, 1000},    // the player
            {3, 2, 1100, 1000},    // 100 cm
            {4, 2, 1000, 1300},    // 300 cm
            {5, 1, 1000, 800},     // 200 cm
            {6, 2, 5000, 5000},    // far away
    }, new long[][]{{1, 5}, {2, 9}});

    @Test
    void putsTheOwnEntityFirstThenTheOthersNearestFirst() {
        SnapshotState s = new InterestView().fill(FRAME, 2, 10_000, 128, new SnapshotState());
        assertEquals(7, s.tick());
        assertArrayEquals(new int[]{2, 3, 5, 4, 1, 6}, ids(s));
    }

    @Test
    void leavesOutEntitiesBeyondTheRadius() {
        SnapshotState s = new InterestView().fill(FRAME, 2, 250, 128, new SnapshotState());
        assertArrayEquals(new int[]{2, 3, 5}, ids(s));
    }

    @Test
    void capsTheCountKeepingTheNearest() {
        SnapshotState s = new InterestView().fill(FRAME, 2, 10_000, 3, new SnapshotState());
        assertArrayEquals(new int[]{2, 3, 5}, ids(s));
    }

    @Test
    void alwaysSendsTheOwnEntityEvenWithARadiusOfOne() {
        SnapshotState s = new InterestView().fill(FRAME, 6, 1, 128, new SnapshotState());
        assertArrayEquals(new int[]{6}, ids(s));
    }

    @Test
    void playerNotInTheFrameYetGetsTheEntitiesNearestTheOrigin() {
        SnapshotState s = new InterestView().fill(FRAME, 99, 1_500, 128, new SnapshotState());
        assertArrayEquals(new int[]{1, 5, 2, 3}, ids(s)); // 0, 1280, 1414, 1487 cm
    }

    @Test
    void keepsEqualDistancesInFrameOrder() {
        WorldFrame f = Frames.frame(1, new int[][]{{10, 1, 0, 0}, {12, 2, 0, 50}, {11, 2, 50, 0}, {13, 2, -50, 0}}, new long[][]{{10, 0}});
        assertArrayEquals(new int[]{10, 12, 11, 13}, ids(new InterestView().fill(f, 10, 100, 128, new SnapshotState())));
    }

    @Test
    void allocatesNothingPerCall() {
        InterestView view = new InterestView();
        SnapshotState out = new SnapshotState();
        for (int i = 0; i < 20_000; i++) { // warm-up: compiled before measuring
            view.fill(FRAME, 2, 10_000, 128, out);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            view.fill(FRAME, 2, 10_000, 128, out);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated / 10_000, "bytes per call (total " + allocated + ")");
    }

    @Test
    void theWholeFanOutOfARoomTickAllocatesNothing() {
        FanoutFixture f = new FanoutFixture(32, 16, 3_000, 64, 1);
        for (int i = 0; i < 3_000; i++) {
            f.fanout();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000; i++) {
            f.fanout();
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated / 1_000, "bytes per room tick (interest + 32 delta encodes; total " + allocated + ")");
    }

    @Test
    void sortsAnyCountOfKeysLikeArraysSort() {
        java.util.Random r = new java.util.Random(3);
        for (int n = 0; n <= 128; n++) {
            long[] a = new long[128];
            for (int i = 0; i < n; i++) {
                a[i] = (r.nextLong() >>> 20) << 8 | i;
            }
            long[] want = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(want);
            InterestView.sort(a, n);
            assertArrayEquals(want, java.util.Arrays.copyOf(a, n), "n=" + n);
        }
    }
}
