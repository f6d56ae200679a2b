package dev.strafe.server.room;

import dev.strafe.protocol.Seq32;
import dev.strafe.protocol.pos.SnapshotState;

import java.util.Arrays;

/**
 * The world of one room at one tick, as published on {@code strafe.room.<id>.state}: every entity (id, kind,
 * x, y, vx, vy, heading in the units of {@link SnapshotState}) and, per player, the sequence of the newest input
 * the room applied ({@code lastProcessedInputSequence}, for client-side reconciliation).
 *
 * <p>Immutable by contract: the arrays are owned by the frame and never written after construction, so the
 * local event-bus codec passes the same instance to every consumer ({@code transform} returns it).
 */
public final class WorldFrame {

    /** Ints per entity in {@link #entities}: id, kind, x, y, vx, vy, heading. */
    static final int STRIDE = 7;

    private final long tick;
    private final int[] entities;
    private final long[] acks;

    /**
     * @param tick     u32 tick
     * @param entities {@link #STRIDE} ints per entity
     * @param acks     per player {@code (entityId << 32) | lastProcessedInputSequence}
     */
    WorldFrame(long tick, int[] entities, long[] acks) {
        if (entities.length % STRIDE != 0 || entities.length / STRIDE > SnapshotState.MAX_ENTITIES) {
            throw new IllegalArgumentException("entities: " + entities.length / STRIDE + " (expected: <= " + SnapshotState.MAX_ENTITIES + ")");
        }
        if (acks.length > SnapshotState.MAX_ENTITIES) {
            throw new IllegalArgumentException("players: " + acks.length + " (expected: <= " + SnapshotState.MAX_ENTITIES + ")");
        }
        this.tick = tick;
        this.entities = entities;
        this.acks = acks;
    }

    static int put(int[] e, int at, int id, int kind, int x, int y, int vx, int vy, int heading) {
        e[at] = id;
        e[at + 1] = kind;
        e[at + 2] = x;
        e[at + 3] = y;
        e[at + 4] = vx;
        e[at + 5] = vy;
        e[at + 6] = heading;
        return at + STRIDE;
    }

    static long ack(int entityId, long sequence) {
        return ((long) entityId << 32) | (sequence & Seq32.MAX);
    }

    public long tick() {
        return tick;
    }

    public int entityCount() {
        return entities.length / STRIDE;
    }

    public int id(int index) {
        return entities[index * STRIDE];
    }

    public int kind(int index) {
        return entities[index * STRIDE + 1];
    }

    public int x(int index) {
        return entities[index * STRIDE + 2];
    }

    public int y(int index) {
        return entities[index * STRIDE + 3];
    }

    public int vx(int index) {
        return entities[index * STRIDE + 4];
    }

    public int vy(int index) {
        return entities[index * STRIDE + 5];
    }

    public int heading(int index) {
        return entities[index * STRIDE + 6];
    }

    /** Index of entity {@code id}, or -1. */
    public int indexOf(int id) {
        for (int i = 0, n = entityCount(); i < n; i++) {
            if (entities[i * STRIDE] == id) {
                return i;
            }
        }
        return -1;
    }

    public int playerCount() {
        return acks.length;
    }

    /** Entity id of the {@code index}-th player. */
    public int playerId(int index) {
        return (int) (acks[index] >>> 32);
    }

    /** Newest input sequence applied for the {@code index}-th player (u32). */
    public long lastProcessedInputSequence(int index) {
        return acks[index] & Seq32.MAX;
    }

    /** The newest applied input sequence of player {@code entityId}, or -1 when not in this frame. */
    public long lastProcessedInputSequenceOf(int entityId) {
        for (int i = 0; i < acks.length; i++) {
            if (playerId(i) == entityId) {
                return lastProcessedInputSequence(i);
            }
        }
        return -1;
    }

    /** Copies the entities into {@code out} (cleared first; order as in the frame: players, then coins). */
    public SnapshotState copyTo(SnapshotState out) {
        out.clear();
        out.tick(tick);
        for (int i = 0, n = entityCount(); i < n; i++) {
            int at = i * STRIDE;
            out.add(entities[at], entities[at + 1], entities[at + 2], entities[at + 3], entities[at + 4], entities[at + 5], entities[at + 6]);
        }
        return out;
    }

    int[] entitiesArray() {
        return entities;
    }

    long[] acksArray() {
        return acks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorldFrame f && f.tick == tick && Arrays.equals(f.entities, entities) && Arrays.equals(f.acks, acks);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(tick) + Arrays.hashCode(entities)) + Arrays.hashCode(acks);
    }

    @Override
    public String toString() {
        return "WorldFrame{tick=" + tick + ", entities=" + entityCount() + ", players=" + acks.length + '}';
    }
}
