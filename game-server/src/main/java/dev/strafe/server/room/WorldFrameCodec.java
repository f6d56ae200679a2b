package dev.strafe.server.room;

import dev.strafe.protocol.pos.SnapshotState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec of {@link WorldFrame} (published every tick to the nodes hosting the room's members).
 * Wire, big-endian: {@code tick u32, entities u8, players u8}, then per entity {@code id u16, kind u8,
 * x i32, y i32, vx i16, vy i16, heading u16} (17 bytes), then per player {@code id u16, lastProcessedInputSequence u32}.
 * Stateless singleton; frames are immutable, so local delivery passes the same instance.
 */
public final class WorldFrameCodec implements MessageCodec<WorldFrame, WorldFrame> {

    public static final WorldFrameCodec INSTANCE = new WorldFrameCodec();

    private WorldFrameCodec() {
    }

    @Override
    public void encodeToWire(Buffer buffer, WorldFrame f) {
        int n = f.entityCount();
        buffer.appendUnsignedInt(f.tick()).appendUnsignedByte((short) n).appendUnsignedByte((short) f.playerCount());
        for (int i = 0; i < n; i++) {
            buffer.appendUnsignedShort(f.id(i)).appendUnsignedByte((short) f.kind(i))
                    .appendInt(f.x(i)).appendInt(f.y(i))
                    .appendShort((short) f.vx(i)).appendShort((short) f.vy(i))
                    .appendUnsignedShort(f.heading(i));
        }
        for (int i = 0; i < f.playerCount(); i++) {
            buffer.appendUnsignedShort(f.playerId(i)).appendUnsignedInt(f.lastProcessedInputSequence(i));
        }
    }

    @Override
    public WorldFrame decodeFromWire(int pos, Buffer buffer) {
        long tick = buffer.getUnsignedInt(pos);
        int n = buffer.getUnsignedByte(pos + 4);
        int players = buffer.getUnsignedByte(pos + 5);
        if (n > SnapshotState.MAX_ENTITIES || players > n) {
            throw new IllegalArgumentException("frame: " + n + " entities, " + players + " players (expected: <= "
                    + SnapshotState.MAX_ENTITIES + ", players <= entities)");
        }
        int at = pos + 6;
        int[] e = new int[n * WorldFrame.STRIDE];
        for (int i = 0, k = 0; i < n; i++, at += 17) {
            k = WorldFrame.put(e, k, buffer.getUnsignedShort(at), buffer.getUnsignedByte(at + 2),
                    buffer.getInt(at + 3), buffer.getInt(at + 7), buffer.getShort(at + 11), buffer.getShort(at + 13),
                    buffer.getUnsignedShort(at + 15));
        }
        long[] acks = new long[players];
        for (int i = 0; i < players; i++, at += 6) {
            acks[i] = WorldFrame.ack(buffer.getUnsignedShort(at), buffer.getUnsignedInt(at + 2));
        }
        return new WorldFrame(tick, e, acks);
    }

    @Override
    public WorldFrame transform(WorldFrame frame) {
        return frame;
    }

    @Override
    public String name() {
        return "strafe.WorldFrame";
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
