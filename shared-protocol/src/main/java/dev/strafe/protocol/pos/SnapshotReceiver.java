package dev.strafe.protocol.pos;

import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.Seq32;

/**
 * Client side (Java clients, load tests): applies snapshots arriving unordered and lossy, keeps the
 * states of the last {@code history} ticks as baselines and says which tick to ack. Allocation-free.
 *
 * <pre>
 * if (receiver.receive(bytes, 0, n)) { render(receiver.latest()); reconcile(receiver.lastInputSequence()); }
 * input.ackTick(receiver.ackTick());
 * </pre>
 */
public final class SnapshotReceiver {

    private final SnapshotHistory states;
    private final SnapshotDecoder decoder = new SnapshotDecoder();
    private final SnapshotState scratch = new SnapshotState();
    private SnapshotState latest;
    private long lastInputSequence;

    /** @param history ticks of applied states kept, a power of two; at least the sender's */
    public SnapshotReceiver(int history) {
        this.states = new SnapshotHistory(history);
        this.latest = states.slot(1);
    }

    /**
     * Applies one snapshot message.
     *
     * @return true when applied; false when dropped because it is not newer than {@link #latest()} or its
     * baseline is no longer (or never was) held
     * @throws ProtocolException when the message is malformed (nothing is applied)
     */
    public boolean receive(byte[] src, int offset, int length) {
        decoder.wrap(src, offset, length);
        long tick = decoder.tick();
        if (latest.tick() != Seq32.NO_TICK && !Seq32.isNewer(tick, latest.tick())) {
            return false;
        }
        SnapshotState baseline = null;
        if (!decoder.isFull()) {
            baseline = states.find(decoder.baselineTick());
            if (baseline == null) {
                return false;
            }
        }
        decoder.apply(baseline, scratch);
        SnapshotState slot = states.slot(tick);
        slot.copyFrom(scratch);
        latest = slot;
        lastInputSequence = decoder.lastInputSequence();
        return true;
    }

    /** The newest applied state (tick 0 and empty before the first snapshot). Do not modify. */
    public SnapshotState latest() {
        return latest;
    }

    /** {@code lastInputSequence} of the newest applied snapshot: this client's last Input the server applied (0 = none). */
    public long lastInputSequence() {
        return lastInputSequence;
    }

    /** Tick to send as {@link Input#ackTick()}: the newest applied, 0 before the first snapshot. */
    public long ackTick() {
        return latest.tick();
    }
}
