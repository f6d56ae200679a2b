package dev.strafe.protocol.pos;

import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.Seq32;

import static dev.strafe.protocol.pos.SnapshotLayout.*;

/**
 * Decodes a snapshot in two steps, allocation-free and reusable (one per connection, not thread-safe):
 *
 * <ol>
 *   <li>{@link #wrap(byte[], int, int)} checks the whole message structure (header, counts, every record
 *       length and mask, no trailing bytes) and exposes {@link #tick()} and {@link #baselineTick()}, so the
 *       receiver can pick the baseline state it stored for that tick;</li>
 *   <li>{@link #apply(SnapshotState, SnapshotState)} copies the baseline into {@code out} and applies the
 *       removed, added and changed entities, checking each id against the state.</li>
 * </ol>
 *
 * Any fault throws {@link ProtocolException} naming the field and its offset relative to the message start.
 * The baseline is never modified; on failure {@code out} holds a partial result and must be discarded
 * (the whole message is rejected, never applied in part).
 */
public final class SnapshotDecoder {

    private byte[] buffer;
    private int offset;
    private int schemaVersion;
    private long tick;
    private long baselineTick;
    private long lastInputSequence;
    private int removedCount;
    private int addedCount;
    private int changedCount;
    /** Relative offsets of the three lists. */
    private int removedStart;
    private int addedStart;
    private int changedStart;

    /** Convenience: {@link #wrap} then {@link #apply}. */
    public SnapshotDecoder decode(byte[] src, int offset, int length, SnapshotState baseline, SnapshotState out) {
        wrap(src, offset, length);
        apply(baseline, out);
        return this;
    }

    /**
     * Checks the structure of the message {@code src[offset, offset + length)} and keeps a reference to it
     * until the next {@code wrap}.
     *
     * @throws ProtocolException for any malformed input
     */
    public SnapshotDecoder wrap(byte[] src, int offset, int length) {
        buffer = null;
        int blockLength = PosHeader.check(src, offset, length, PosMessageType.SNAPSHOT, MAX_SNAPSHOT_BYTES, BLOCK_LENGTH);
        long tick = BigEndian.getUint32(src, offset + TICK_OFFSET);
        if (tick == Seq32.NO_TICK) {
            throw ProtocolException.outOfRange("tick", tick, "!= 0", TICK_OFFSET);
        }
        long baselineTick = BigEndian.getUint32(src, offset + BASELINE_TICK_OFFSET);
        boolean full = baselineTick == Seq32.NO_TICK;
        if (!full && !Seq32.isNewer(tick, baselineTick)) {
            throw ProtocolException.outOfRange("baseline tick", baselineTick, "0 or older than tick " + tick, BASELINE_TICK_OFFSET);
        }
        int removed = checkCount(src, offset, REMOVED_COUNT_OFFSET, "removed count", full);
        int added = checkCount(src, offset, ADDED_COUNT_OFFSET, "added count", false);
        int changed = checkCount(src, offset, CHANGED_COUNT_OFFSET, "changed count", full);

        int p = PosHeader.HEADER_LENGTH + blockLength;
        int removedStart = p;
        p = need(p, removed * REMOVED_LENGTH, length, "removed ids");
        int addedStart = p;
        p = need(p, added * ADDED_LENGTH, length, "added entities");
        int changedStart = p;
        for (int k = 0; k < changed; k++) {
            need(p, CHANGED_PREFIX_LENGTH, length, "changed entity");
            int mask = BigEndian.getUint8(src, offset + p + CHANGED_MASK_OFFSET);
            if (mask == 0 || (mask & ~MASK_ALL) != 0) {
                throw ProtocolException.outOfRange("changed mask", mask, "1.." + MASK_ALL, p + CHANGED_MASK_OFFSET);
            }
            p = need(p + CHANGED_PREFIX_LENGTH, changedFieldsLength(mask), length, "changed fields");
        }
        if (p != length) {
            throw ProtocolException.outOfRange("trailing bytes", length - p, "0", p);
        }
        this.buffer = src;
        this.offset = offset;
        this.schemaVersion = BigEndian.getUint8(src, offset + PosHeader.SCHEMA_VERSION_OFFSET);
        this.tick = tick;
        this.baselineTick = baselineTick;
        this.lastInputSequence = BigEndian.getUint32(src, offset + LAST_INPUT_SEQUENCE_OFFSET);
        this.removedCount = removed;
        this.addedCount = added;
        this.changedCount = changed;
        this.removedStart = removedStart;
        this.addedStart = addedStart;
        this.changedStart = changedStart;
        return this;
    }

    /**
     * Applies the wrapped message: {@code out} becomes {@code baseline} (or empty for a full snapshot) minus
     * the removed, plus the added, with the changed fields, at the message's tick; sorted by id.
     *
     * @param baseline the state for {@link #baselineTick()}; ignored (may be null) for a full snapshot
     * @param out      receives the new state; must not be {@code baseline}
     * @throws ProtocolException when the message does not fit the baseline
     */
    public void apply(SnapshotState baseline, SnapshotState out) {
        byte[] b = buffer;
        if (b == null) {
            throw new IllegalStateException("no message wrapped");
        }
        if (out == baseline) {
            throw new IllegalArgumentException("out: the baseline itself (expected: a separate state)");
        }
        if (baselineTick == Seq32.NO_TICK) {
            out.clear();
        } else {
            if (baseline == null || baseline.tick() != baselineTick) {
                throw ProtocolException.outOfRange("baseline tick", baselineTick,
                        baseline == null ? "a baseline state" : "tick of the given baseline " + baseline.tick(), BASELINE_TICK_OFFSET);
            }
            if (!baseline.isSortedById()) {
                throw new IllegalArgumentException("baseline: not sorted by id (expected: a decoded state or sortById())");
            }
            out.copyFrom(baseline);
        }
        int off = offset;
        int p = removedStart;
        for (int k = 0; k < removedCount; k++, p += REMOVED_LENGTH) {
            int id = BigEndian.getUint16(b, off + p);
            int i = out.indexOfSorted(id);
            if (i < 0) {
                throw ProtocolException.outOfRange("removed entity id", id, "present in baseline", p);
            }
            out.removeAt(i);
        }
        p = addedStart;
        for (int k = 0; k < addedCount; k++, p += ADDED_LENGTH) {
            int id = BigEndian.getUint16(b, off + p + ADDED_ID_OFFSET);
            int i = out.indexOfSorted(id);
            if (i >= 0) {
                throw ProtocolException.outOfRange("added entity id", id, "absent from state", p + ADDED_ID_OFFSET);
            }
            if (out.size() == SnapshotState.MAX_ENTITIES) {
                throw ProtocolException.outOfRange("entity count", out.size() + 1L, "<= " + SnapshotState.MAX_ENTITIES, p);
            }
            out.insertAt(-i - 1, id,
                    BigEndian.getUint8(b, off + p + ADDED_KIND_OFFSET),
                    BigEndian.getInt24(b, off + p + ADDED_X_OFFSET),
                    BigEndian.getInt24(b, off + p + ADDED_Y_OFFSET),
                    BigEndian.getInt16(b, off + p + ADDED_VX_OFFSET),
                    BigEndian.getInt16(b, off + p + ADDED_VY_OFFSET),
                    BigEndian.getUint16(b, off + p + ADDED_HEADING_OFFSET));
        }
        p = changedStart;
        for (int k = 0; k < changedCount; k++) {
            int id = BigEndian.getUint16(b, off + p + CHANGED_ID_OFFSET);
            int mask = BigEndian.getUint8(b, off + p + CHANGED_MASK_OFFSET);
            int i = out.indexOfSorted(id);
            if (i < 0) {
                throw ProtocolException.outOfRange("changed entity id", id, "present in baseline", p + CHANGED_ID_OFFSET);
            }
            p += CHANGED_PREFIX_LENGTH;
            if ((mask & MASK_X) != 0) {
                out.x[i] = BigEndian.getInt24(b, off + p);
                p += POSITION_LENGTH;
            }
            if ((mask & MASK_Y) != 0) {
                out.y[i] = BigEndian.getInt24(b, off + p);
                p += POSITION_LENGTH;
            }
            if ((mask & MASK_VX) != 0) {
                out.vx[i] = BigEndian.getInt16(b, off + p);
                p += VELOCITY_LENGTH;
            }
            if ((mask & MASK_VY) != 0) {
                out.vy[i] = BigEndian.getInt16(b, off + p);
                p += VELOCITY_LENGTH;
            }
            if ((mask & MASK_HEADING) != 0) {
                out.heading[i] = BigEndian.getUint16(b, off + p);
                p += HEADING_LENGTH;
            }
        }
        out.rawTick(tick);
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    /** Tick of the wrapped snapshot (u32, != 0). */
    public long tick() {
        return tick;
    }

    /** Baseline tick of the wrapped snapshot, 0 for a full snapshot. */
    public long baselineTick() {
        return baselineTick;
    }

    /**
     * Sequence of the receiving player's last {@link Input} the server applied at or before {@link #tick()}
     * (u32, 0 = none yet): the client's prediction replays only the inputs after it.
     */
    public long lastInputSequence() {
        return lastInputSequence;
    }

    public boolean isFull() {
        return baselineTick == Seq32.NO_TICK;
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

    private static int checkCount(byte[] src, int offset, int fieldOffset, String name, boolean mustBeZero) {
        int count = BigEndian.getUint8(src, offset + fieldOffset);
        if (mustBeZero && count != 0) {
            throw ProtocolException.outOfRange(name, count, "0 in a full snapshot", fieldOffset);
        }
        if (count > SnapshotState.MAX_ENTITIES) {
            throw ProtocolException.outOfRange(name, count, "<= " + SnapshotState.MAX_ENTITIES, fieldOffset);
        }
        return count;
    }

    /** Returns {@code p + n} after checking that {@code n} bytes are left at {@code p}. */
    private static int need(int p, int n, int length, String what) {
        if (length - p < n) {
            throw new ProtocolException(what + ": " + (length - p) + " bytes left (expected: >= " + n + ")", p);
        }
        return p + n;
    }
}
