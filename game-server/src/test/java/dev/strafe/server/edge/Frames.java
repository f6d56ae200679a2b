package dev.strafe.server.edge;

import dev.strafe.server.room.WorldFrame;
import dev.strafe.server.room.WorldFrameCodec;
import io.vertx.core.buffer.Buffer;

/** Builds {@link WorldFrame}s for unit tests through the room's own wire codec (its constructor is the room's). */
final class Frames {

    private Frames() {
    }

    /**
     * @param entities rows of {@code {id, kind, x, y}} (velocity and heading 0)
     * @param players  rows of {@code {playerId, lastProcessedInputSequence}}
     */
    static WorldFrame frame(long tick, int[][] entities, long[][] players) {
        Buffer b = Buffer.buffer();
        b.appendUnsignedInt(tick).appendUnsignedByte((short) entities.length).appendUnsignedByte((short) players.length);
        for (int[] e : entities) {
            b.appendUnsignedShort(e[0]).appendUnsignedByte((short) e[1]).appendInt(e[2]).appendInt(e[3])
                    .appendShort((short) 0).appendShort((short) 0).appendUnsignedShort(0);
        }
        for (long[] p : players) {
            b.appendUnsignedShort((int) p[0]).appendUnsignedInt(p[1]);
        }
        return WorldFrameCodec.INSTANCE.decodeFromWire(0, b);
    }
}
