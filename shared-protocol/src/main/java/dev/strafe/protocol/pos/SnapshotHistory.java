package dev.strafe.protocol.pos;

/**
 * The states of the last {@code capacity} ticks, in a ring indexed by tick (power-of-two capacity). Used on
 * both ends: the server keeps the view it sent each player per tick (a future baseline), the client keeps
 * the states it applied. Allocation-free after construction.
 */
final class SnapshotHistory {

    private final SnapshotState[] states;
    private final int mask;

    SnapshotHistory(int capacity) {
        if (capacity < 2 || capacity > 1024 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("history: " + capacity + " (expected: a power of two in 2..1024)");
        }
        states = new SnapshotState[capacity];
        for (int i = 0; i < capacity; i++) {
            states[i] = new SnapshotState();
        }
        mask = capacity - 1;
    }

    /** The stored state of {@code tick}, or null when that tick was never stored or has been overwritten. */
    SnapshotState find(long tick) {
        if (tick == 0) {
            return null;
        }
        SnapshotState s = states[(int) (tick & mask)];
        return s.tick() == tick ? s : null;
    }

    /** The slot that stores {@code tick} (overwriting an older tick). */
    SnapshotState slot(long tick) {
        return states[(int) (tick & mask)];
    }

    void clear() {
        for (SnapshotState s : states) {
            s.clear();
        }
    }
}
