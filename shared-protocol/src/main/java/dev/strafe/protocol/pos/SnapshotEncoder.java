package dev.strafe.protocol.pos;

import dev.strafe.protocol.Seq32;

import static dev.strafe.protocol.pos.SnapshotLayout.*;

/**
 * Encodes one player's snapshot: the changes from the baseline that player acknowledged to the current
 * state, or a full snapshot when there is no baseline. Reusable and allocation-free: keep one per
 * connection (or per event loop) and call {@link #encode} every tick; it is not thread-safe.
 *
 * <p>Budget: the message never exceeds {@code maxBytes} ({@code <=} {@link SnapshotLayout#MAX_SNAPSHOT_BYTES}).
 * Removals always fit (at most 128 x 2 bytes). The current entities are then taken in the caller's
 * (interest) order and the encoder writes the <em>longest prefix</em> whose added/changed records fit;
 * {@link #entitiesWritten()} says how many current entities are fully represented. Entities after that
 * prefix are left as they are in the baseline (stale) or, if new, absent; they will be sent in later ticks
 * as the client acks. Within the message, added and changed records are written in ascending id order, so
 * the receiver appends instead of shifting when it inserts into its id-sorted table (a full snapshot decodes
 * in linear time). The client state a message produces is exactly what {@link SnapshotDecoder#apply}
 * computes from it, so the server can keep that as the player's next baseline.
 */
public final class SnapshotEncoder {

    private static final int ADDED = -1;

    /** Per current entity: ADDED, or the changed mask (0 = unchanged). */
    private final int[] action = new int[SnapshotState.MAX_ENTITIES];
    /** Per current entity: index in the baseline or -1. */
    private final int[] baselineIndex = new int[SnapshotState.MAX_ENTITIES];
    /** Indices of the written prefix of current, sorted by id. */
    private final int[] order = new int[SnapshotState.MAX_ENTITIES];
    /** Per baseline entity: still present (same id and kind) in current. */
    private final boolean[] kept = new boolean[SnapshotState.MAX_ENTITIES];

    private int entitiesWritten;
    private int removedCount;
    private int addedCount;
    private int changedCount;

    /** Encodes a full snapshot of {@code current} within {@link SnapshotLayout#MAX_SNAPSHOT_BYTES}. */
    public int encodeFull(SnapshotState current, byte[] dst, int offset) {
        return encode(null, current, dst, offset, MAX_SNAPSHOT_BYTES);
    }

    /** {@link #encode(SnapshotState, SnapshotState, byte[], int, int)} within {@link SnapshotLayout#MAX_SNAPSHOT_BYTES}. */
    public int encode(SnapshotState baseline, SnapshotState current, byte[] dst, int offset) {
        return encode(baseline, current, 0, dst, offset, MAX_SNAPSHOT_BYTES);
    }

    /** {@link #encode(SnapshotState, SnapshotState, long, byte[], int, int)} with {@code lastInputSequence} 0 (none). */
    public int encode(SnapshotState baseline, SnapshotState current, byte[] dst, int offset, int maxBytes) {
        return encode(baseline, current, 0, dst, offset, maxBytes);
    }

    /**
     * Writes the snapshot of {@code current} (tick {@code current.tick()}) against {@code baseline}.
     *
     * @param baseline the state the client acked, sorted by id; {@code null} for a full snapshot
     * @param current  the state to send, entities in interest order, ids unique
     * @param lastInputSequence u32: sequence of the receiving player's last {@link Input} applied at or before
     *                 {@code current.tick()}, 0 when none yet (the client reconciles its prediction with it)
     * @param dst      destination; {@code dst.length - offset >= maxBytes}
     * @param maxBytes budget in {@code [FIXED_LENGTH + 256, MAX_SNAPSHOT_BYTES]}
     * @return bytes written
     * @throws IllegalArgumentException on a caller bug (tick 0, baseline not older or not sorted, small buffer,
     *                                  lastInputSequence outside u32)
     */
    public int encode(SnapshotState baseline, SnapshotState current, long lastInputSequence, byte[] dst, int offset,
                      int maxBytes) {
        checkArguments(baseline, current, dst, offset, maxBytes);
        if (lastInputSequence < 0 || lastInputSequence > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("lastInputSequence: " + lastInputSequence + " (expected: 0..4294967295)");
        }
        int currentSize = current.size();
        boolean full = baseline == null;
        int baselineSize = full ? 0 : baseline.size();

        // Pass 1: classify every current entity and mark the baseline entities that stay.
        for (int j = 0; j < baselineSize; j++) {
            kept[j] = false;
        }
        for (int i = 0; i < currentSize; i++) {
            int b = full ? -1 : baseline.indexOfSorted(current.id[i]);
            if (b >= 0 && baseline.kind[b] != current.kind[i]) {
                b = -1; // a kind change is remove + add
            }
            if (b >= 0) {
                if (kept[b]) {
                    throw new IllegalArgumentException("current entity id: " + current.id[i] + " (expected: unique)");
                }
                kept[b] = true;
                action[i] = changedMask(baseline, b, current, i);
            } else {
                action[i] = ADDED;
            }
            baselineIndex[i] = b;
        }

        // Budget: removals first (they always fit), then the longest prefix of current that fits.
        removedCount = 0;
        for (int j = 0; j < baselineSize; j++) {
            if (!kept[j]) {
                removedCount++;
            }
        }
        int used = FIXED_LENGTH + removedCount * REMOVED_LENGTH;
        int n = 0;
        addedCount = 0;
        changedCount = 0;
        for (; n < currentSize; n++) {
            int a = action[n];
            int cost = a == ADDED ? ADDED_LENGTH : a == 0 ? 0 : CHANGED_PREFIX_LENGTH + changedFieldsLength(a);
            if (used + cost > maxBytes) {
                break;
            }
            used += cost;
            if (a == ADDED) {
                addedCount++;
            } else if (a != 0) {
                changedCount++;
            }
        }
        entitiesWritten = n;
        sortPrefixById(current, n);

        // Pass 2: write.
        PosHeader.write(dst, offset, PosMessageType.SNAPSHOT, BLOCK_LENGTH);
        BigEndian.putUint32(dst, offset + TICK_OFFSET, current.tick());
        BigEndian.putUint32(dst, offset + BASELINE_TICK_OFFSET, full ? Seq32.NO_TICK : baseline.tick());
        BigEndian.putUint8(dst, offset + REMOVED_COUNT_OFFSET, removedCount);
        BigEndian.putUint8(dst, offset + ADDED_COUNT_OFFSET, addedCount);
        BigEndian.putUint8(dst, offset + CHANGED_COUNT_OFFSET, changedCount);
        BigEndian.putUint32(dst, offset + LAST_INPUT_SEQUENCE_OFFSET, lastInputSequence);
        int p = offset + FIXED_LENGTH;
        for (int j = 0; j < baselineSize; j++) {
            if (!kept[j]) {
                BigEndian.putUint16(dst, p, baseline.id[j]);
                p += REMOVED_LENGTH;
            }
        }
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (action[i] == ADDED) {
                BigEndian.putUint16(dst, p + ADDED_ID_OFFSET, current.id[i]);
                BigEndian.putUint8(dst, p + ADDED_KIND_OFFSET, current.kind[i]);
                BigEndian.putInt24(dst, p + ADDED_X_OFFSET, current.x[i]);
                BigEndian.putInt24(dst, p + ADDED_Y_OFFSET, current.y[i]);
                BigEndian.putUint16(dst, p + ADDED_VX_OFFSET, current.vx[i]);
                BigEndian.putUint16(dst, p + ADDED_VY_OFFSET, current.vy[i]);
                BigEndian.putUint16(dst, p + ADDED_HEADING_OFFSET, current.heading[i]);
                p += ADDED_LENGTH;
            }
        }
        for (int k = 0; k < n; k++) {
            int i = order[k];
            int mask = action[i];
            if (mask > 0) {
                BigEndian.putUint16(dst, p + CHANGED_ID_OFFSET, current.id[i]);
                BigEndian.putUint8(dst, p + CHANGED_MASK_OFFSET, mask);
                p += CHANGED_PREFIX_LENGTH;
                if ((mask & MASK_X) != 0) {
                    BigEndian.putInt24(dst, p, current.x[i]);
                    p += POSITION_LENGTH;
                }
                if ((mask & MASK_Y) != 0) {
                    BigEndian.putInt24(dst, p, current.y[i]);
                    p += POSITION_LENGTH;
                }
                if ((mask & MASK_VX) != 0) {
                    BigEndian.putUint16(dst, p, current.vx[i]);
                    p += VELOCITY_LENGTH;
                }
                if ((mask & MASK_VY) != 0) {
                    BigEndian.putUint16(dst, p, current.vy[i]);
                    p += VELOCITY_LENGTH;
                }
                if ((mask & MASK_HEADING) != 0) {
                    BigEndian.putUint16(dst, p, current.heading[i]);
                    p += HEADING_LENGTH;
                }
            }
        }
        return p - offset;
    }

    /** Number of leading current entities (interest order) the last message fully represents. */
    public int entitiesWritten() {
        return entitiesWritten;
    }

    public int removedCount() {
        return removedCount;
    }

    public int addedCount() {
        return addedCount;
    }

    public int changedCount() {
        return changedCount;
    }

    /** Insertion sort of the prefix indices by id: allocation-free; O(n) when current is already sorted. */
    private void sortPrefixById(SnapshotState current, int n) {
        int[] ids = current.id;
        for (int k = 0; k < n; k++) {
            int v = k;
            int j = k;
            while (j > 0 && ids[order[j - 1]] > ids[v]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = v;
        }
    }

    private static int changedMask(SnapshotState baseline, int b, SnapshotState current, int i) {
        int mask = 0;
        if (baseline.x[b] != current.x[i]) {
            mask |= MASK_X;
        }
        if (baseline.y[b] != current.y[i]) {
            mask |= MASK_Y;
        }
        if (baseline.vx[b] != current.vx[i]) {
            mask |= MASK_VX;
        }
        if (baseline.vy[b] != current.vy[i]) {
            mask |= MASK_VY;
        }
        if (baseline.heading[b] != current.heading[i]) {
            mask |= MASK_HEADING;
        }
        return mask;
    }

    private static void checkArguments(SnapshotState baseline, SnapshotState current, byte[] dst, int offset, int maxBytes) {
        int minBudget = FIXED_LENGTH + SnapshotState.MAX_ENTITIES * REMOVED_LENGTH;
        if (maxBytes < minBudget || maxBytes > MAX_SNAPSHOT_BYTES) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: " + minBudget + ".." + MAX_SNAPSHOT_BYTES + ")");
        }
        if (offset < 0 || dst.length - offset < maxBytes) {
            throw new IllegalArgumentException("buffer: " + (dst.length - offset) + " bytes at offset " + offset
                    + " (expected: >= " + maxBytes + ")");
        }
        if (current.tick() == Seq32.NO_TICK) {
            throw new IllegalArgumentException("current tick: 0 (expected: != 0)");
        }
        if (baseline != null) {
            if (!Seq32.isNewer(current.tick(), baseline.tick()) || baseline.tick() == Seq32.NO_TICK) {
                throw new IllegalArgumentException("baseline tick: " + baseline.tick()
                        + " (expected: != 0 and older than " + current.tick() + ")");
            }
            if (!baseline.isSortedById()) {
                throw new IllegalArgumentException("baseline: not sorted by id (expected: strictly ascending ids)");
            }
        }
    }
}
