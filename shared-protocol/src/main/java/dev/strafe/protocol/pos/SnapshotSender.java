package dev.strafe.protocol.pos;

import dev.strafe.protocol.Seq32;

/**
 * Server side, one per player: chooses the baseline from the player's acks, encodes the snapshot and
 * remembers the exact view the player will hold for that tick, so the next ack can serve as a baseline.
 * Allocation-free; confined to the player's event loop (not thread-safe).
 *
 * <pre>
 * sender.onAck(input.ackTick());                    // for every accepted Input
 * // every snapshot tick; entities in interest order; the player's last Input applied at or before the tick
 * int n = sender.encode(worldViewForPlayer, lastAppliedInputSequence, buf, 0);
 * channel.send(buf, 0, n);
 * </pre>
 *
 * Full snapshot when the player has acked nothing yet, or the acked tick has left the history
 * ({@code history} ticks) or was never sent (a lying client gets full snapshots, never a wrong delta).
 */
public final class SnapshotSender {

    private final SnapshotHistory views;
    private final SnapshotEncoder encoder = new SnapshotEncoder();
    private final SnapshotDecoder decoder = new SnapshotDecoder();
    private final SnapshotState scratch = new SnapshotState();
    private long ackedTick;
    private long lastBaselineTick;

    /** @param history ticks of sent views kept as candidate baselines, a power of two (e.g. 32 = 1 s at 30 Hz) */
    public SnapshotSender(int history) {
        this.views = new SnapshotHistory(history);
    }

    /** Records the client's ack (from {@link Input#ackTick()}); older or zero acks are ignored (mod 2^32). */
    public void onAck(long tick) {
        if (tick != Seq32.NO_TICK && (ackedTick == Seq32.NO_TICK || Seq32.isNewer(tick, ackedTick))) {
            ackedTick = tick;
        }
    }

    /** {@link #encode(SnapshotState, long, byte[], int, int)} with lastInputSequence 0 (no input applied yet). */
    public int encode(SnapshotState current, byte[] dst, int offset) {
        return encode(current, 0, dst, offset, SnapshotLayout.MAX_SNAPSHOT_BYTES);
    }

    /** {@link #encode(SnapshotState, long, byte[], int, int)} with lastInputSequence 0 (no input applied yet). */
    public int encode(SnapshotState current, byte[] dst, int offset, int maxBytes) {
        return encode(current, 0, dst, offset, maxBytes);
    }

    /** {@link #encode(SnapshotState, long, byte[], int, int)} within {@link SnapshotLayout#MAX_SNAPSHOT_BYTES}. */
    public int encode(SnapshotState current, long lastInputSequence, byte[] dst, int offset) {
        return encode(current, lastInputSequence, dst, offset, SnapshotLayout.MAX_SNAPSHOT_BYTES);
    }

    /**
     * Encodes {@code current} for this player against the newest acked view still in the history.
     *
     * @param current the player's world view, tick newer than any tick encoded before, entities in interest order
     * @param lastInputSequence u32: sequence of this player's last {@link Input} the room applied at or before
     *                {@code current.tick()}, 0 when none yet; the client reconciles its prediction with it
     * @return bytes written to {@code dst[offset..]}
     */
    public int encode(SnapshotState current, long lastInputSequence, byte[] dst, int offset, int maxBytes) {
        SnapshotState baseline = views.find(ackedTick);
        if (baseline != null && !Seq32.isNewer(current.tick(), baseline.tick())) {
            baseline = null;
        }
        int n = encoder.encode(baseline, current, lastInputSequence, dst, offset, maxBytes);
        decoder.wrap(dst, offset, n).apply(baseline, scratch);
        lastBaselineTick = baseline == null ? Seq32.NO_TICK : baseline.tick();
        views.slot(current.tick()).copyFrom(scratch); // may be the baseline's slot: read it first
        return n;
    }

    /** Leading entities of the last {@code current} that the last message represents. */
    public int entitiesWritten() {
        return encoder.entitiesWritten();
    }

    /** Baseline tick of the last message, 0 when it was a full snapshot. */
    public long lastBaselineTick() {
        return lastBaselineTick;
    }

    /** The newest tick the player acknowledged, 0 for none. */
    public long ackedTick() {
        return ackedTick;
    }

    /** Forgets acks and views (e.g. after a reconnect): the next snapshot is full. */
    public void reset() {
        ackedTick = Seq32.NO_TICK;
        views.clear();
    }
}
