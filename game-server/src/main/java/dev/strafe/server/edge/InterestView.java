package dev.strafe.server.edge;

import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.server.room.WorldFrame;

/**
 * Interest management: which entities of a room's {@link WorldFrame} one player is sent, in which order.
 *
 * <ul>
 *   <li>the player's own entity first (always, wherever it is);</li>
 *   <li>then the other entities within {@code radiusCm} of it, nearest first (ties by frame order), at most
 *       {@code maxEntities} in all;</li>
 *   <li>the snapshot encoder writes the longest prefix of that order that fits the 1,100-byte limit, so what
 *       is cut under pressure is always the farthest.</li>
 * </ul>
 * A player without an entity in the frame (joined after the tick) gets the entities nearest the origin.
 * Allocation-free: one instance per event loop, reused for every player (sort keys in a primitive array,
 * Shell-sorted in place).
 */
final class InterestView {

    /** Sort key: squared distance (<= 2^48 for 24-bit coordinates) above 8 bits of frame index (< 128). */
    private static final int INDEX_BITS = 8;

    private final long[] keys = new long[SnapshotState.MAX_ENTITIES];

    /**
     * Fills {@code out} with {@code frame}'s entities of interest to {@code playerId}.
     *
     * @return {@code out}
     */
    SnapshotState fill(WorldFrame frame, int playerId, long radiusCm, int maxEntities, SnapshotState out) {
        out.clear();
        out.tick(frame.tick());
        int n = frame.entityCount();
        int self = frame.indexOf(playerId);
        long cx = 0;
        long cy = 0;
        if (self >= 0) {
            cx = frame.x(self);
            cy = frame.y(self);
            add(frame, self, out);
        }
        long radiusSquared = radiusCm * radiusCm;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i == self) {
                continue;
            }
            long dx = frame.x(i) - cx;
            long dy = frame.y(i) - cy;
            long d2 = dx * dx + dy * dy;
            if (d2 <= radiusSquared) {
                keys[k++] = (d2 << INDEX_BITS) | i;
            }
        }
        sort(keys, k);
        int room = maxEntities - out.size();
        for (int j = 0; j < k && j < room; j++) {
            add(frame, (int) (keys[j] & ((1 << INDEX_BITS) - 1)), out);
        }
        return out;
    }

    /** Ciura's gap sequence: Shell sort is in place and, unlike {@code Arrays.sort} above 44 keys, allocates nothing. */
    private static final int[] GAPS = {57, 23, 10, 4, 1};

    /** Sorts {@code a[0, n)} ascending (keys are unique: distance and index). */
    static void sort(long[] a, int n) {
        for (int gap : GAPS) {
            for (int i = gap; i < n; i++) {
                long v = a[i];
                int j = i;
                while (j >= gap && a[j - gap] > v) {
                    a[j] = a[j - gap];
                    j -= gap;
                }
                a[j] = v;
            }
        }
    }

    private static void add(WorldFrame frame, int i, SnapshotState out) {
        out.add(frame.id(i), frame.kind(i), frame.x(i), frame.y(i), frame.vx(i), frame.vy(i), frame.heading(i));
    }
}
